package dev.slim.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code go build} or {@code go install} rewritten to write a static, reproducible binary in
 * the Dockerfile's folder: {@code CGO_ENABLED=0} (or musl and an external static link when the
 * stage needs cgo), {@code -trimpath} and {@code -ldflags="-s -w -buildid="}, merged into an
 * existing {@code -ldflags}.
 */
final class GoBuild {

  private static final List<String> VALUE_FLAGS = List.of("-o", "-ldflags", "-gcflags",
      "-asmflags", "-tags", "-mod", "-p", "-pkgdir", "-buildmode", "-compiler",
      "-installsuffix", "-modfile", "-overlay", "-pgo", "-toolexec", "-C");
  private static final List<String> REPRODUCIBLE = List.of("-s", "-w", "-buildid=");

  private GoBuild() {}

  static Builds.Result rewrite(Build build, String name, Platform platform) {
    List<String> notes = new ArrayList<>();
    Map<String, String> assigned = new LinkedHashMap<>();
    for (String key : Builds.GO_ENV) {
      if (build.env().containsKey(key)) {
        assigned.put(key, build.env().get(key));
      }
    }
    List<String> all = Words.tokens(build.command().strip());
    int n = Builds.assignments(all);
    for (String w : all.subList(0, n)) {
      assigned.put(w.substring(0, w.indexOf('=')), Words.unquote(w.substring(w.indexOf('=') + 1)));
    }
    List<String> words = new ArrayList<>(all.subList(n, all.size()));
    for (String key : List.copyOf(assigned.keySet())) {
      if (assigned.get(key).contains("$")) {
        notes.add(key + "=" + assigned.remove(key) + " dropped: the variable has no default"
            + " (docker buildx sets TARGET* itself); set " + key + " for the platform you deploy");
      }
    }
    String cgo = assigned.get("CGO_ENABLED");
    // an -extldflags -static link is how a cgo binary is made static: the author wants cgo
    boolean staticLink = build.command().matches("(?s).*-extldflags[= ]+[\"']*-static.*");
    boolean needsCgo = "1".equals(cgo) || build.command().contains("sqlite") || staticLink;
    if (needsCgo) {
      notes.add("the stage builds with cgo (" + ("1".equals(cgo) ? "CGO_ENABLED=1"
          : build.command().contains("sqlite") ? "sqlite" : "-extldflags -static")
          + "): a static cgo binary needs musl (CC=musl-gcc, or an Alpine build stage with"
          + " musl-dev) and -linkmode external -extldflags -static, as in this command");
    } else if (cgo == null) {
      notes.add("CGO_ENABLED=0 added: without it a Go build that uses cgo (net, os/user)"
          + " links against libc and cannot run on scratch");
    } else if (!cgo.equals("0")) {
      notes.add("CGO_ENABLED=" + cgo + " changed to 0: a cgo binary is dynamic");
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (needsCgo) {
      env.put("CC", "musl-gcc");
    }
    env.put("CGO_ENABLED", needsCgo ? "1" : "0");
    env.put("GOOS", assigned.getOrDefault("GOOS", platform == null ? "linux" : platform.os()));
    if (platform != null) {
      env.put("GOARCH", assigned.getOrDefault("GOARCH", platform.arch()));
      if (platform.arch().equals("arm") && platform.variant().matches("v[5-7]")) {
        env.put("GOARM", assigned.getOrDefault("GOARM", platform.variant().substring(1)));
      }
    }
    assigned.forEach(env::putIfAbsent);
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    reproducible(words, needsCgo, notes);
    if (build.tool().equals("GO_INSTALL")) {
      out.add("GOBIN=\"$PWD\"");
      out.addAll(words);
      return new Builds.Result(String.join(" ", out), "./" + name, notes);
    }
    if (build.cd() != null && !build.cd().isEmpty()) {
      inCd(words, build.cd(), notes);
    }
    int o = words.indexOf("-o");
    if (o >= 0 && o + 1 < words.size()) {
      words.set(o + 1, "./" + name);
    } else {
      words.removeIf(w -> w.startsWith("-o="));
      words.add(2, "-o");
      words.add(3, "./" + name);
    }
    out.addAll(words);
    return new Builds.Result(String.join(" ", out), "./" + name, notes);
  }

  /** {@code -trimpath} and {@code -s -w -buildid=} where missing, merged into -ldflags. */
  private static void reproducible(List<String> words, boolean externalStatic,
      List<String> notes) {
    List<String> added = new ArrayList<>();
    if (!words.contains("-trimpath") && !words.contains("-trimpath=true")) {
      words.add(2, "-trimpath");
      added.add("-trimpath (no build paths in the binary)");
    }
    int at = -1;
    String value = null;
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals("-ldflags") || w.equals("--ldflags")) && i + 1 < words.size()) {
        at = i;
        value = Words.unquote(words.get(i + 1));
        words.remove(i + 1);
        words.remove(i);
        break;
      } else if (w.startsWith("-ldflags=") || w.startsWith("--ldflags=")) {
        at = i;
        value = Words.unquote(w.substring(w.indexOf('=') + 1));
        words.remove(i);
        break;
      }
    }
    List<String> flags = new ArrayList<>(value == null ? List.of()
        : Words.tokens(value));
    List<String> missing = new ArrayList<>();
    for (String f : REPRODUCIBLE) {
      if (!flags.contains(f) && !(f.equals("-buildid=") && flags.stream()
          .anyMatch(x -> x.startsWith("-buildid=")))) {
        missing.add(f);
      }
    }
    if (externalStatic && !flags.contains("-linkmode")) {
      flags.addAll(List.of("-linkmode", "external"));
    }
    if (externalStatic && !flags.contains("-extldflags")) {
      flags.addAll(List.of("-extldflags", "-static"));
    }
    if (!missing.isEmpty()) {
      added.add(String.join(" ", missing) + " in -ldflags (" + (missing.contains("-s")
          || missing.contains("-w") ? "no symbol table or DWARF" : "") + (missing.contains(
          "-buildid=") ? (missing.size() > 1 ? ", " : "") + "no build id" : "") + ")");
    }
    String buildid = flags.stream().filter(x -> x.startsWith("-buildid=")).findFirst()
        .orElse("-buildid=");
    flags.removeIf(x -> x.equals("-s") || x.equals("-w") || x.startsWith("-buildid="));
    List<String> merged = new ArrayList<>(List.of("-s", "-w", buildid));
    merged.addAll(flags);
    String text = String.join(" ", merged);
    String quoted = !text.contains("\"") ? "\"" + text + "\"" : !text.contains("'")
        ? "'" + text + "'" : null;
    if (quoted == null) {
      notes.add("-ldflags kept as written: add -s -w -buildid= to it by hand");
      return;
    }
    words.add(at < 0 ? 2 + (words.get(2).equals("-trimpath") ? 1 : 0) : at,
        "-ldflags=" + quoted);
    if (!added.isEmpty()) {
      notes.add(String.join(", ", added) + " added: a smaller binary that is the same from"
          + " the same source on any machine");
    }
  }

  /** {@code cd DIR && go build [PKG]}: the same package, built from the Dockerfile's folder. */
  private static void inCd(List<String> words, String cd, List<String> notes) {
    boolean sawPackage = false;
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith("-")) {
        if (VALUE_FLAGS.contains(w)) {
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
}
