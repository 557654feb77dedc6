package dev.slim.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Recognises Go, Rust, C and make builds and rewrites them to write a static binary locally. */
final class Builds {
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  /** A script that builds: {@code ./build.sh}, {@code hack/make-release.sh}. */
  private static final Pattern BUILD_SCRIPT = Pattern.compile(
      "(.*/)?[\\w.-]*(build|compile|make|release)[\\w.-]*\\.sh"
          + "|(\\./|.*/)[\\w.-]*(build|compile|make|release)[\\w.-]*");
  static final List<String> GO_ENV = List.of("CGO_ENABLED", "GOOS", "GOARCH", "GOARM",
      "GOAMD64", "GOFLAGS", "GOEXPERIMENT");

  record Result(String command, String binaryPath, List<String> notes) {}

  private Builds() {}

  /** A build recognised in a command segment, or null. Only the tool is known yet. */
  static Build recognise(String segment) {
    List<String> words = program(segment);
    if (words.isEmpty()) {
      return null;
    }
    String program = words.get(0);
    String sub = words.size() > 1 ? words.get(1) : "";
    String tool = null;
    if (program.equals("go") && sub.equals("build")) {
      tool = "GO";
    } else if (program.equals("go") && sub.equals("install")) {
      tool = "GO_INSTALL";
    } else if (program.equals("go") && sub.equals("get") && !words.contains("-d")) {
      tool = "GO_GET";
    } else if (program.equals("go") && sub.equals("run")) {
      tool = "GO_RUN";
    } else if (program.equals("mage") || program.endsWith("/mage")) {
      tool = "MAGE";
    } else if (program.equals("cargo") && (sub.equals("build") || sub.equals("zigbuild"))) {
      tool = "CARGO";
    } else if (program.equals("cargo") && sub.equals("install")) {
      tool = "CARGO_INSTALL";
    } else if (program.matches("(.*/)?(gcc|cc|clang|musl-gcc|g\\+\\+|clang\\+\\+)(-\\d+)?")) {
      tool = "CC";
    } else if (program.equals("make")) {
      tool = "MAKE";
    } else if (BUILD_SCRIPT.matcher(program).matches() || program.matches("(ba)?sh")
        && BUILD_SCRIPT.matcher(sub).matches()) {
      tool = "SCRIPT";
    }
    return tool == null ? null
        : new Build(tool, null, segment, Map.of(), Map.of(), null, null);
  }

  /** The words after leading VAR=value assignments. */
  private static List<String> program(String segment) {
    List<String> words = Words.tokens(segment.strip());
    return new ArrayList<>(words.subList(assignments(words), words.size()));
  }

  /** How many words at the start are VAR=value (counted, not removed one by one: linear). */
  static int assignments(List<String> words) {
    int n = 0;
    while (n < words.size() && ASSIGNMENT.matcher(words.get(n)).matches()) {
      n++;
    }
    return n;
  }

  /**
   * The build rewritten to write {@code name} statically, for {@code platform} (or null);
   * {@code goStage}: the stage builds Go (a make or script there runs {@code go}).
   */
  static Result rewrite(Build build, String copiedFrom, String name, Platform platform,
      boolean goStage) {
    if (build.tool().equals("GO") || build.tool().equals("GO_INSTALL")) {
      return GoBuild.rewrite(build, name, platform);
    }
    if (build.tool().equals("GO_GET")) {
      Result r = GoBuild.rewrite(new Build("GO_INSTALL", build.in(), build.command()
          .replaceFirst("\\bgo\\s+get\\b", "go install"), build.vars(), build.env(),
          build.workdir(), build.cd()), name, platform);
      List<String> notes = new ArrayList<>(r.notes());
      notes.add(0, "go get written as go install: since Go 1.17 go get no longer builds"
          + " programs");
      return new Result(r.command(), r.binaryPath(), notes);
    }
    Result r = switch (build.tool()) {
      case "CARGO" -> cargo(build, name, platform);
      case "CARGO_INSTALL" -> cargoInstall(build, name, platform);
      case "CC" -> cc(build, name);
      default -> make(build, copiedFrom, name, goStage);
    };
    if (build.cd() == null || build.cd().isEmpty() || !r.binaryPath().startsWith("./")) {
      return r;
    }
    return new Result("cd " + build.cd() + " && " + r.command(),
        "./" + build.cd() + "/" + r.binaryPath().substring(2), r.notes());
  }

  private static Result cargo(Build build, String name, Platform platform) {
    List<String> notes = new ArrayList<>();
    List<String> all = Words.tokens(build.command().strip());
    List<String> prefix = new ArrayList<>(all.subList(0, assignments(all)));
    List<String> words = new ArrayList<>(all.subList(prefix.size(), all.size()));
    String envFlags = build.env().getOrDefault("RUSTFLAGS", "");
    boolean optOut = envFlags.contains("-crt-static") && !envFlags.contains("+crt-static");
    for (int i = 0; i < prefix.size(); i++) {
      if (prefix.get(i).startsWith("RUSTFLAGS=")) {
        String flags = Words.unquote(prefix.get(i).substring("RUSTFLAGS=".length()));
        optOut |= flags.contains("-crt-static");
        String kept = withoutCrtOptOut(flags);
        prefix.set(i, kept.isEmpty() ? "" : "RUSTFLAGS='" + kept + "'");
      }
    }
    prefix.removeIf(String::isEmpty);
    if (!envFlags.isBlank() && prefix.stream().noneMatch(w -> w.startsWith("RUSTFLAGS="))) {
      // the stage's ENV RUSTFLAGS does not reach a command run outside the build container
      String kept = withoutCrtOptOut(envFlags);
      if (!kept.isEmpty()) {
        prefix.add(0, "RUSTFLAGS='" + kept + "'");
      }
    }
    if (optOut) {
      notes.add("'-C target-feature=-crt-static' dropped from RUSTFLAGS: it makes the binary"
          + " link the C library dynamically, and a slim image has none");
    }
    String rustflags = String.join(" ", prefix);
    String targetDir = null;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String dir = w.equals("--target-dir") && i + 1 < words.size() ? words.get(i + 1)
          : w.startsWith("--target-dir=") ? w.substring("--target-dir=".length()) : null;
      if (dir == null) {
        continue;
      }
      words.remove(i);
      if (w.equals("--target-dir")) {
        words.remove(i);
      }
      i--;
      if (dir.startsWith("/") || dir.contains("$")) {
        notes.add("--target-dir " + dir + " dropped: it is a folder of the build container;"
            + " cargo writes to ./target, where slim.yaml expects the binary");
      } else {
        targetDir = dir;
        words.add(2, "--target-dir");
        words.add(3, dir);
      }
    }
    String target = null;
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals("--target") && i + 1 < words.size()
          && Words.unquote(words.get(i + 1)).startsWith("$(")) {
        // --target $(cat rust_target.txt): a file the build container wrote for its platform
        String computed = words.remove(i + 1);
        while (!computed.endsWith(")") && !computed.endsWith(")\"") && i + 1 < words.size()) {
          computed = computed + " " + words.remove(i + 1);
        }
        Platform p = build.vars().containsKey("TARGETPLATFORM")
            ? Platform.parse(build.vars().get("TARGETPLATFORM")) : platform;
        String musl = p == null || p.muslTarget() == null ? "x86_64-unknown-linux-musl"
            : p.muslTarget();
        words.add(i + 1, musl);
        notes.add("--target " + computed + " written as --target " + musl + ": the command"
            + " runs in the build container" + (p == null ? "" : " for " + p));
      }
      if (words.get(i).equals("--target") && i + 1 < words.size()) {
        target = words.get(i + 1);
      } else if (words.get(i).startsWith("--target=")) {
        target = words.get(i).substring("--target=".length());
      }
    }
    if (target == null && build.env().containsKey("CARGO_BUILD_TARGET")) {
      target = build.env().get("CARGO_BUILD_TARGET");
    }
    boolean crtStatic = rustflags.contains("+crt-static");
    if (target == null && !crtStatic) {
      target = platform == null || platform.muslTarget() == null ? "x86_64-unknown-linux-musl"
          : platform.muslTarget();
      words.add(2, "--target");
      words.add(3, target);
      notes.add("--target " + target + " added: the default glibc target links dynamically;"
          + " run 'rustup target add " + target + "' once (aarch64-unknown-linux-musl for arm64)");
    } else if (target != null && target.contains("-gnu") && !crtStatic) {
      prefix.add(0, "RUSTFLAGS='-C target-feature=+crt-static'");
      notes.add("RUSTFLAGS='-C target-feature=+crt-static' added: the " + target
          + " target links dynamically without it");
    }
    String profile = words.contains("--release") || words.contains("-r") ? "release" : "debug";
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals("--profile") && i + 1 < words.size()) {
        profile = words.get(i + 1);
      }
    }
    String binaryPath = "./" + Words.normalize("/" + (targetDir == null ? "target" : targetDir))
        .substring(1) + "/" + (target == null ? "" : target + "/") + profile + "/" + name;
    List<String> out = new ArrayList<>(prefix);
    out.addAll(words);
    return new Result(String.join(" ", out), binaryPath, notes);
  }

  /**
   * {@code cargo install --path DIR} as the {@code cargo build --release} it runs: the binary
   * then stays in this folder's target/ instead of going to cargo's bin folder.
   */
  private static Result cargoInstall(Build build, String name, Platform platform) {
    List<String> all = Words.tokens(build.command().strip());
    int n = assignments(all);
    List<String> words = new ArrayList<>(all.subList(0, n));
    words.addAll(List.of("cargo", "build", "--release"));
    String path = null;
    for (int i = n + 2; i < all.size(); i++) {
      String w = all.get(i);
      if (List.of("--path", "--root", "--version", "--git", "--branch", "--tag", "--rev")
          .contains(w) && i + 1 < all.size()) {
        path = w.equals("--path") ? Words.unquote(all.get(++i)) : path;
        i += w.equals("--path") ? 0 : 1;
      } else if (!List.of("--force", "-f", "--no-track", "--debug").contains(w)) {
        words.add(w);
      }
    }
    if (path == null) {
      return new Result(build.command().strip(), "./" + name, List.of("cargo install of a"
          + " crate from a registry: build it with --target x86_64-unknown-linux-musl and"
          + " put the binary at ./" + name));
    }
    String dir = Words.normalize("/" + path).substring(1);
    if (!dir.isEmpty()) {
      words.addAll(List.of("--manifest-path", dir + "/Cargo.toml"));
    }
    Result r = cargo(new Build("CARGO", build.in(), String.join(" ", words), build.vars(),
        build.env(), build.workdir(), build.cd()), name, platform);
    List<String> notes = new ArrayList<>(r.notes());
    notes.add(0, "cargo install --path " + path + " written as cargo build --release: it builds"
        + " the same, and leaves the binary in " + (dir.isEmpty() ? "" : dir + "/")
        + "target/ (the crate's binary is taken to be " + name + ", as the final stage names"
        + " it)");
    String binaryPath = dir.isEmpty() ? r.binaryPath() : "./" + dir + "/" + r.binaryPath()
        .substring(2);
    return new Result(r.command(), binaryPath, notes);
  }

  private static Result cc(Build build, String name) {
    List<String> notes = new ArrayList<>();
    List<String> words = new ArrayList<>(List.of(build.command().strip().split("\\s+")));
    int compiler = 0;
    while (compiler < words.size() && ASSIGNMENT.matcher(words.get(compiler)).matches()) {
      compiler++;
    }
    if (!words.contains("-static") && !words.contains("-static-pie")) {
      words.add(compiler + 1, "-static");
      notes.add("-static added: without it " + words.get(compiler)
          + " links against the shared libc, which a scratch image does not have");
    }
    int o = words.indexOf("-o");
    if (o >= 0 && o + 1 < words.size()) {
      words.set(o + 1, "./" + name);
    } else {
      words.add("-o");
      words.add("./" + name);
    }
    return new Result(String.join(" ", words), "./" + name, notes);
  }

  private static Result make(Build build, String copiedFrom, String name, boolean goStage) {
    String tool = switch (build.tool()) {
      case "MAKE" -> "make";
      case "MAGE" -> "mage (the project's Go build tool)";
      case "GO_RUN" -> "'" + Words.tokens(build.command().strip()).stream().skip(
          assignments(Words.tokens(build.command().strip()))).limit(3)
          .collect(java.util.stream.Collectors.joining(" ")) + "' (the project's own build"
          + " program; slim cannot see the go build it runs)";
      default -> "the script";
    };
    String command = build.command().strip();
    List<String> notes = new ArrayList<>();
    if (build.tool().equals("MAKE") && command.matches("(?s).*\\bmake\\b.*\\sinstall(\\s.*)?")) {
      command = command.replaceFirst("\\sinstall(\\s|$)", "$1").strip();
      notes.add("make install installs into the build container; written as make, which"
          + " leaves " + name + " in the build folder");
    }
    String out = null;
    for (String w : Words.tokens(command)) {
      int eq = w.indexOf('=');
      if (eq > 0 && Words.unquote(w.substring(eq + 1)).equals(copiedFrom)) {
        out = w;
      }
    }
    if (out != null) {
      // make OUTPUT=/target/app/gotify-app: the same variable, pointed at this folder
      String var = out.substring(0, out.indexOf('='));
      command = command.replace(out, var + "=./" + name);
      notes.add(var + "=" + copiedFrom + " written as " + var + "=./" + name + ": the binary"
          + " lands in this folder");
    }
    if (goStage) {
      List<String> words = Words.tokens(command);
      String cgo = null;
      for (String w : words.subList(0, assignments(words))) {
        cgo = w.startsWith("CGO_ENABLED=") ? w.substring("CGO_ENABLED=".length()) : cgo;
      }
      cgo = cgo == null ? build.env().get("CGO_ENABLED") : cgo;
      if ("1".equals(cgo)) {
        notes.add("the stage builds Go with cgo (CGO_ENABLED=1): a static cgo binary needs musl"
            + " (CC=musl-gcc) and -ldflags '-linkmode external -extldflags -static' where "
            + tool + " runs go build");
        command = "CC=musl-gcc " + command;
      } else {
        notes.add("CGO_ENABLED=0 set for " + tool + ": it decides whether go links statically"
            + " (LDFLAGS does not); check that it writes " + copiedFrom);
        command = "CGO_ENABLED=0 " + words.stream().filter(w -> !w.startsWith("CGO_ENABLED="))
            .collect(java.util.stream.Collectors.joining(" "));
      }
    } else if (build.tool().equals("MAKE") && command.contains("static")) {
      notes.add("make: LDFLAGS=-static not added: the build already asks for a static link");
    } else if (build.tool().equals("MAKE")) {
      command = command + " LDFLAGS=-static";
      notes.add("make: LDFLAGS=-static added; check that the Makefile uses LDFLAGS when it"
          + " links");
    } else {
      notes.add("the script: check that it links statically (-static, or musl-gcc)");
    }
    if (out != null) {
      return new Result(command, "./" + name, notes);
    }
    String relative = copiedFrom;
    if (build.workdir() != null && copiedFrom.startsWith(build.workdir() + "/")) {
      relative = copiedFrom.substring(build.workdir().length() + 1);
      if (!Words.basename(relative).equals(name)) {
        // one binary per platform: each build's output kept under its own name
        if (build.tool().equals("MAKE")) {
          // make would take the first platform's file as up to date for the next
          command = command.replaceFirst("(^|\\s)make(\\s|$)", "$1make -B$2");
        }
        return new Result(command + " && cp ./" + relative + " ./" + name, "./" + name, notes);
      }
      return new Result(command, "./" + relative, notes);
    }
    if (!notes.stream().anyMatch(n -> n.startsWith("make install"))) {
      notes.add(tool + " writes " + copiedFrom + " in the build container: copy it to ./"
          + name);
    }
    return new Result(command, "./" + name, notes);
  }

  /** RUSTFLAGS without {@code -C target-feature=-crt-static} (in any spelling). */
  static String withoutCrtOptOut(String flags) {
    return flags.replaceAll("(-C\\s*)?target-feature=-crt-static", "")
        .replaceAll("(target-feature=[^\\s]*?),?-crt-static", "$1")
        .replaceAll("\\s+", " ").strip();
  }
}
