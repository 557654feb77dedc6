package dev.slim.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Recognises Go, Rust, C and make builds and rewrites them to write a static binary locally. */
final class Builds {
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final List<String> GO_ENV = List.of("CGO_ENABLED", "GOOS", "GOARCH", "GOARM",
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
    } else if (program.equals("cargo") && sub.equals("build")) {
      tool = "CARGO";
    } else if (program.matches("(.*/)?(gcc|cc|clang|musl-gcc|g\\+\\+|clang\\+\\+)(-\\d+)?")) {
      tool = "CC";
    } else if (program.equals("make")) {
      tool = "MAKE";
    }
    return tool == null ? null
        : new Build(tool, null, segment, Map.of(), Map.of(), null, null);
  }

  /** The words after leading VAR=value assignments. */
  private static List<String> program(String segment) {
    List<String> words = List.of(segment.strip().split("\\s+"));
    return new ArrayList<>(words.subList(assignments(words), words.size()));
  }

  /** How many words at the start are VAR=value (counted, not removed one by one: linear). */
  private static int assignments(List<String> words) {
    int n = 0;
    while (n < words.size() && ASSIGNMENT.matcher(words.get(n)).matches()) {
      n++;
    }
    return n;
  }

  /** The build rewritten to write {@code name} statically, for {@code platform} (or null). */
  static Result rewrite(Build build, String copiedFrom, String name, Platform platform) {
    if (build.tool().equals("GO") || build.tool().equals("GO_INSTALL")) {
      return go(build, name, platform);
    }
    Result r = switch (build.tool()) {
      case "CARGO" -> cargo(build, name, platform);
      case "CC" -> cc(build, name);
      default -> make(build, copiedFrom, name);
    };
    if (build.cd() == null || build.cd().isEmpty() || !r.binaryPath().startsWith("./")) {
      return r;
    }
    return new Result("cd " + build.cd() + " && " + r.command(),
        "./" + build.cd() + "/" + r.binaryPath().substring(2), r.notes());
  }

  private static Result go(Build build, String name, Platform platform) {
    List<String> notes = new ArrayList<>();
    Map<String, String> assigned = new LinkedHashMap<>();
    for (String key : GO_ENV) {
      if (build.env().containsKey(key)) {
        assigned.put(key, build.env().get(key));
      }
    }
    List<String> all = List.of(build.command().strip().split("\\s+"));
    int n = assignments(all);
    for (String w : all.subList(0, n)) {
      assigned.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
    }
    List<String> words = new ArrayList<>(all.subList(n, all.size()));
    for (String key : List.copyOf(assigned.keySet())) {
      if (assigned.get(key).contains("$")) {
        notes.add(key + "=" + assigned.remove(key) + " dropped: the variable has no default"
            + " (docker buildx sets TARGET* itself); set " + key + " for the platform you deploy");
      }
    }
    String cgo = assigned.get("CGO_ENABLED");
    if (cgo == null) {
      notes.add("CGO_ENABLED=0 added: without it a Go build that uses cgo (net, os/user)"
          + " links against libc and cannot run on scratch");
    } else if (!cgo.equals("0")) {
      notes.add("CGO_ENABLED=" + cgo + " changed to 0: a cgo binary is dynamic; if it really"
          + " needs cgo, link it statically instead (-ldflags '-linkmode external"
          + " -extldflags \"-static\"')");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CGO_ENABLED", "0");
    env.put("GOOS", assigned.getOrDefault("GOOS", platform == null ? "linux" : platform.os()));
    if (platform != null) {
      env.put("GOARCH", assigned.getOrDefault("GOARCH", platform.arch()));
      if (platform.arch().equals("arm") && platform.variant().matches("v[5-7]")) {
        env.put("GOARM", assigned.getOrDefault("GOARM", platform.variant().substring(1)));
      }
    }
    for (Map.Entry<String, String> e : assigned.entrySet()) {
      env.putIfAbsent(e.getKey(), e.getValue());
    }
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    if (build.tool().equals("GO_INSTALL")) {
      out.add("GOBIN=\"$PWD\"");
      out.addAll(words);
      return new Result(String.join(" ", out), "./" + name, notes);
    }
    List<String> rest = new ArrayList<>(words);
    if (build.cd() != null && !build.cd().isEmpty()) {
      inCd(rest, build.cd(), notes);
    }
    int o = rest.indexOf("-o");
    if (o >= 0 && o + 1 < rest.size()) {
      rest.set(o + 1, "./" + name);
    } else {
      rest.removeIf(w -> w.startsWith("-o="));
      rest.add(2, "-o");
      rest.add(3, "./" + name);
    }
    out.addAll(rest);
    return new Result(String.join(" ", out), "./" + name, notes);
  }

  private static final List<String> GO_VALUE_FLAGS = List.of("-o", "-ldflags", "-gcflags",
      "-asmflags", "-tags", "-mod", "-p", "-pkgdir", "-buildmode", "-compiler",
      "-installsuffix", "-modfile", "-overlay", "-pgo", "-toolexec", "-C");

  /** {@code cd DIR && go build [PKG]}: the same package, built from the Dockerfile's folder. */
  private static void inCd(List<String> words, String cd, List<String> notes) {
    boolean sawPackage = false;
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith("-")) {
        if (GO_VALUE_FLAGS.contains(w)) {
          i++;
        }
        continue;
      }
      sawPackage = true;
      if (w.equals(".") || w.startsWith("./") || w.startsWith("../")) {
        String joined = java.nio.file.Path.of(cd).resolve(w).normalize().toString();
        words.set(i, "./" + joined);
      }
    }
    if (!sawPackage) {
      words.add("./" + cd);
    }
    notes.add("'cd " + cd + "' folded into the package path: the command runs in the"
        + " Dockerfile's folder");
  }

  private static Result cargo(Build build, String name, Platform platform) {
    List<String> notes = new ArrayList<>();
    List<String> all = List.of(build.command().strip().split("\\s+"));
    List<String> prefix = all.subList(0, assignments(all));
    List<String> words = new ArrayList<>(all.subList(prefix.size(), all.size()));
    String rustflags = build.env().getOrDefault("RUSTFLAGS", "") + " " + String.join(" ", prefix);
    String target = null;
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals("--target") && i + 1 < words.size()) {
        target = words.get(i + 1);
      } else if (words.get(i).startsWith("--target=")) {
        target = words.get(i).substring("--target=".length());
      }
    }
    if (target == null && build.env().containsKey("CARGO_BUILD_TARGET")) {
      target = build.env().get("CARGO_BUILD_TARGET");
    }
    boolean crtStatic = rustflags.contains("crt-static");
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
    String binaryPath = "./target/" + (target == null ? "" : target + "/") + profile + "/" + name;
    List<String> out = new ArrayList<>(prefix);
    out.addAll(words);
    return new Result(String.join(" ", out), binaryPath, notes);
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

  private static Result make(Build build, String copiedFrom, String name) {
    List<String> notes = new ArrayList<>();
    notes.add("make: check that it links statically (LDFLAGS=-static, or musl-gcc) and copy "
        + copiedFrom + " to ./" + name);
    String relative = copiedFrom;
    if (build.workdir() != null && copiedFrom.startsWith(build.workdir() + "/")) {
      relative = copiedFrom.substring(build.workdir().length() + 1);
      return new Result(build.command().strip() + " LDFLAGS=-static", "./" + relative,
          List.of("make: LDFLAGS=-static added; check that the Makefile uses LDFLAGS when it"
              + " links"));
    }
    return new Result(build.command().strip() + " LDFLAGS=-static", "./" + name, notes);
  }
}
