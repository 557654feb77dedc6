package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The files a build command writes in its container, as far as its words say: {@code -o} paths,
 * {@code go install}'s GOBIN, {@code cargo install}'s bin folder, {@code make install}'s
 * prefix, and the folder a make or build script runs in. A path ending in {@code /*} stands for
 * any file of that folder, one ending in {@code /**} for any file under it.
 */
final class Outputs {

  private static final List<String> GO_VALUE_FLAGS = List.of("-o", "-ldflags", "-gcflags",
      "-asmflags", "-tags", "-mod", "-p", "-pkgdir", "-buildmode", "-compiler",
      "-installsuffix", "-modfile", "-overlay", "-pgo", "-toolexec", "-C");

  private Outputs() {}

  /** The folder the build runs in: its WORKDIR, and the {@code cd} before it. */
  static String dir(Build b) {
    return b.cd() == null || b.cd().isEmpty() ? (b.workdir() == null ? "/" : b.workdir())
        : Words.absolute(b.workdir(), b.cd());
  }

  /** The paths {@code b} writes, most specific first. */
  static List<String> of(Build b) {
    List<String> out = new ArrayList<>();
    String dir = dir(b);
    List<String> words = Words.tokens(b.command().strip());
    words = words.subList(Builds.assignments(words), words.size());
    switch (b.tool()) {
      case "GO", "CC" -> {
        String o = value(words, "-o");
        if (o != null && !o.contains("$")) {
          out.add(o.endsWith("/") ? Words.absolute(dir, o) + "/*" : Words.absolute(dir, o));
        } else if (o == null && b.tool().equals("GO")) {
          String pkg = goPackage(words);
          out.add(Words.absolute(dir, pkg == null || pkg.equals(".") ? Words.basename(dir)
              : Words.basename(pkg.replaceFirst("/\\.\\.\\.$", ""))));
        }
      }
      case "GO_INSTALL", "GO_GET" -> {
        // go install . (or of no package) writes the module's last path element: not known
        // from the Dockerfile, so any program in GOBIN
        boolean module = installs(b).isEmpty() || words.contains(".");
        for (String bin : goBins(b)) {
          for (String name : installs(b)) {
            if (!name.isEmpty()) {
              out.add(bin + "/" + name);
            }
          }
          if (module) {
            out.add(bin + "/*");
          }
        }
      }
      case "CARGO_INSTALL" -> {
        String root = value(words, "--root");
        if (root != null) {
          out.add(Words.absolute(dir, root) + "/bin/*");
        } else {
          out.add(Words.normalize(b.env().getOrDefault("CARGO_HOME", "/usr/local/cargo"))
              + "/bin/*");
          out.add("/root/.cargo/bin/*");
        }
      }
      case "CARGO" -> {
        String target = value(words, "--target-dir");
        out.add(Words.absolute(dir, target != null ? target
            : b.env().getOrDefault("CARGO_TARGET_DIR", "target")) + "/**");
      }
      default -> {
        // make, mage, go run, a build script: named outputs (OUTPUT=/out/app), the folder it
        // runs in, and for an install the usual prefixes
        for (String w : words) {
          int eq = w.indexOf('=');
          String v = eq > 0 ? Words.unquote(w.substring(eq + 1)) : null;
          if (v != null && v.startsWith("/") && !v.contains("$")) {
            out.add(Words.normalize(v));
          }
        }
        if (words.contains("install")) {
          if (b.tool().equals("MAKE")) {
            String prefix = null;
            String destdir = "";
            for (String w : words) {
              prefix = w.startsWith("PREFIX=") ? Words.unquote(w.substring(7)) : prefix;
              destdir = w.startsWith("DESTDIR=") ? Words.unquote(w.substring(8)) : destdir;
            }
            out.add(Words.normalize(destdir + "/" + (prefix == null ? "/usr/local" : prefix))
                + "/bin/*");
            out.add("/usr/local/bin/*");
          } else {
            goBins(b).forEach(bin -> out.add(bin + "/*"));
          }
        }
        if (!dir.equals("/")) {
          out.add(dir + "/**");
        }
      }
    }
    return out;
  }

  /** True when {@code output} (a path of {@link #of}) stands for {@code path}. */
  static boolean matches(String output, String path) {
    if (output.endsWith("/**")) {
      String prefix = output.substring(0, output.length() - 2);
      return path.startsWith(prefix) && path.length() > prefix.length();
    }
    if (output.endsWith("/*")) {
      String folder = output.substring(0, output.length() - 2);
      return path.startsWith(folder + "/") && path.indexOf('/', folder.length() + 1) < 0;
    }
    return output.equals(path);
  }

  /** The folders a go install or go get writes to: GOBIN, else GOPATH/bin. */
  static List<String> goBins(Build b) {
    String gobin = b.env().get("GOBIN");
    if (gobin != null && !gobin.isEmpty() && !gobin.contains("$")) {
      return List.of(Words.normalize(gobin));
    }
    String gopath = b.env().get("GOPATH");
    if (gopath != null && !gopath.isEmpty() && !gopath.contains("$")) {
      return List.of(Words.normalize(gopath.split(":")[0]) + "/bin");
    }
    return List.of("/go/bin", "/root/go/bin");
  }

  /** The names of the programs a {@code go install} or {@code go get} writes. */
  static List<String> installs(Build b) {
    List<String> names = new ArrayList<>();
    List<String> words = Words.tokens(b.command().strip());
    words = words.subList(Builds.assignments(words), words.size());
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if (GO_VALUE_FLAGS.contains(w)) {
        i++;
      } else if (!w.startsWith("-") && !w.contains("=") && (w.contains("/") || w.equals("."))) {
        String pkg = w.replaceFirst("@.*", "").replaceFirst("/\\.\\.\\.$", "");
        names.add(pkg.equals(".") ? "" : Words.basename(pkg));
      }
    }
    return names;
  }

  /** True when the go install names a package of the build context (./cmd/app, .). */
  static boolean local(Build b) {
    return Words.tokens(b.command()).stream().anyMatch(w -> w.equals(".") || w.startsWith("./"));
  }

  private static String goPackage(List<String> words) {
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if (GO_VALUE_FLAGS.contains(w)) {
        i++;
      } else if (!w.startsWith("-")) {
        return w.endsWith(".go") ? w.substring(0, w.length() - 3) : w;
      }
    }
    return null;
  }

  /** The value of {@code -o X}, {@code -o=X} or {@code --root X}, unquoted; or null. */
  static String value(List<String> words, String flag) {
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals(flag) && i + 1 < words.size()) {
        return Words.unquote(words.get(i + 1));
      }
      if (words.get(i).startsWith(flag + "=")) {
        return Words.unquote(words.get(i).substring(flag.length() + 1));
      }
    }
    return null;
  }
}
