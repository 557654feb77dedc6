package dev.slim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates slim.yaml files that are structured but hostile: a valid skeleton ({@code binary:
 * ./app}) with values drawn from good and bad pools, wrong types, deep nesting, huge and odd
 * strings, anchors and aliases, random bytes. Seeded: the same seed gives the same files.
 *
 * <p>It never writes a value that would make a correct build leave the machine or the test's
 * folder: bases are scratch, static or not image references, report paths are relative names
 * inside the folder, and size gates are either invalid or larger than the fixture.
 */
final class HostileYaml {

  private static final String[] IMAGES = {"team/app:1", "app", "", " ", "UPPER/App:1",
      "registry.example.com:99999/x:1", "x@sha256:abc", "::", "a b", "team/app:${UNSET_SLIM_FUZZ}",
      "team/app:$$", "x@sha256:" + "a".repeat(64), "-x", "x/", "app:" + "t".repeat(200),
      "ü/app:1"};
  private static final String[] BASES = {"scratch", "static", "STATIC", "", " ", "Inv@lid Ref",
      "::", "a b c", "UPPER CASE"};
  private static final String[] PATHS = {"/app", "/usr/local/bin/app", "", "rel", "/a/../b",
      "/a//b", "/app/", "/", "/./app", "/\0x", "/" + "a".repeat(101), "/" + "a".repeat(300),
      "/" + "d/".repeat(80) + "x", "/" + "ü".repeat(60),
      "/" + "ü".repeat(60) + "/" + "é".repeat(60),
      "/" + "x".repeat(150) + "/" + "y".repeat(99), "/" + "x".repeat(156) + "/y", "/a b",
      "/\n", "/${UNSET_SLIM_FUZZ}"};
  private static final String[] PORTS = {"8080", "0", "65535", "65536", "99999", "53/udp",
      "53/UDP", "http", "-1", "8080/sctp", "1e3", "080", "8080/tcp/", "\"\"", "[1]", "{a: 1}",
      "123456789012345678901234567890"};
  private static final String[] USERS = {"65532:65532", "0", "0:0", "\"\"", "\" \"", "root",
      "a b", "\"x\\ty\"", "-1", "1:2:3", "\"\\0\"", "nobody"};
  private static final String[] WORKDIRS = {"/srv", "rel", "\"\"", "/", "\"/\\0\"", "/a b",
      "./x", "/" + "w".repeat(5000)};
  private static final String[] FORMATS = {"oci", "docker", "OCI", "x", "\"\"", "1", "true"};
  private static final String[] SIZES = {"20MB", "20MiB", "0", "-1", "1e400",
      "99999999999999999999TB", "1.5GiB", "abc", "10 MB", "\"\"", "1KiB5", "9223372036854775807",
      "92233720368547758070000"};
  private static final String[] REPORT_PATHS = {"r.json", "sub/r.json", "\"\"", "\"\\0\"",
      "\"" + "n".repeat(300) + "\"", ".", "sub/", "r.md"};
  private static final String[] BINARIES = {"./app", "app", "\"\"", "\" \"", "./missing", ".",
      "/", "\"./app\\0\"", "sub", "./${UNSET_SLIM_FUZZ}", "\"" + "b".repeat(5000) + "\"",
      "[./app]", "{a: b}", "~", "null"};
  private static final String[] PLATFORMS = {"linux/amd64", "linux/arm64", "LINUX/AMD64",
      "linux//x", "linux", "a/b/c/d", "\"\""};
  private static final String[] KEYS = {"A", "B_1", "\"\"", "1A", "A-B", "\"A=B\"", "ÄÖ",
      "K".repeat(300), "\"a b\"", "_", "\"\\0\"", "PATH"};

  private final Random random;

  HostileYaml(long seed) {
    this.random = new Random(seed);
  }

  /** The next file's bytes. */
  byte[] next() {
    int kind = random.nextInt(100);
    if (kind < 3) {
      return randomBytes();
    }
    if (kind < 6) {
      return deep().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (kind < 8) {
      return laughs().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (kind < 9) {
      return huge().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return skeleton().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private String skeleton() {
    StringBuilder y = new StringBuilder();
    if (random.nextInt(20) == 0) {
      y.append("\uFEFF");
    }
    y.append(random.nextInt(30) == 0 ? "apiVersion: slim/v2\n" : "apiVersion: slim/v1\n");
    y.append(random.nextInt(30) == 0 ? "kind: Thing\n" : "kind: Image\n");
    if (random.nextInt(8) == 0) {
      y.append("binaries:\n");
      int n = 1 + random.nextInt(3);
      boolean map = random.nextBoolean();
      for (int i = 0; i < n; i++) {
        y.append(map ? "  " + pick(PLATFORMS) + ": " + pick(BINARIES) : "  - " + pick(BINARIES))
            .append('\n');
      }
    } else if (random.nextInt(15) != 0) {
      y.append("binary: ").append(random.nextInt(4) == 0 ? pick(BINARIES) : "./app").append('\n');
    }
    List<Runnable> parts = new ArrayList<>();
    parts.add(() -> y.append("image: ").append(quoted(pick(IMAGES))).append('\n'));
    parts.add(() -> y.append("base: ").append(quoted(pick(BASES))).append('\n'));
    parts.add(() -> y.append("path: ").append(quoted(pick(PATHS))).append('\n'));
    parts.add(() -> y.append("args: ").append(list()).append('\n'));
    parts.add(() -> y.append("env: ").append(map()).append('\n'));
    parts.add(() -> y.append("labels: ").append(map()).append('\n'));
    parts.add(() -> y.append("annotations: ").append(map()).append('\n'));
    parts.add(() -> y.append("ports: [").append(pick(PORTS)).append(", ").append(pick(PORTS))
        .append("]\n"));
    parts.add(() -> y.append("user: ").append(pick(USERS)).append('\n'));
    parts.add(() -> y.append("workdir: ").append(pick(WORKDIRS)).append('\n'));
    parts.add(() -> y.append("format: ").append(pick(FORMATS)).append('\n'));
    parts.add(() -> y.append("source: ").append(quoted(string())).append('\n'));
    parts.add(() -> y.append("revision: ").append(quoted(string())).append('\n'));
    parts.add(() -> y.append("gates: {maxSize: ").append(pick(SIZES)).append("}\n"));
    parts.add(() -> y.append("reports: {json: ").append(pick(REPORT_PATHS)).append(", markdown: ")
        .append(pick(REPORT_PATHS)).append(", digestFile: ").append(pick(REPORT_PATHS))
        .append("}\n"));
    parts.add(() -> y.append(random.nextBoolean() ? "sbom: " + pick(FORMATS) + "\n"
        : "sbom: {enabled: true, output: " + pick(REPORT_PATHS) + "}\n"));
    parts.add(() -> y.append(pick(KEYS)).append(": x\n"));
    parts.add(() -> y.append("args: ").append(wrongType()).append('\n'));
    parts.add(() -> y.append("env: ").append(wrongType()).append('\n'));
    parts.add(() -> y.append("image: ").append(wrongType()).append('\n'));
    parts.add(() -> y.append("image: &a x\nsource: *a\nrevision: *a\n"));
    parts.add(() -> y.append("image: !!binary aGVsbG8=\n"));
    parts.add(() -> y.append("image: !!java.io.File x\n"));
    parts.add(() -> y.append("---\napiVersion: slim/v1\n"));
    parts.add(() -> y.append("\tpath: /tab\n"));
    parts.add(() -> y.append("path: /app\npath: /app2\n"));
    int n = random.nextInt(7);
    for (int i = 0; i < n; i++) {
      parts.get(random.nextInt(parts.size())).run();
    }
    String text = y.toString();
    if (random.nextInt(10) == 0 && !text.isEmpty()) {
      int at = random.nextInt(text.length());
      text = text.substring(0, at) + (char) random.nextInt(0x80) + text.substring(at);
    }
    if (random.nextInt(15) == 0) {
      text = text.substring(0, random.nextInt(text.length() + 1));
    }
    return text;
  }

  private String list() {
    StringBuilder s = new StringBuilder("[");
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ", ").append(quoted(string()));
    }
    return s.append(']').toString();
  }

  private String map() {
    StringBuilder s = new StringBuilder("{");
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ", ").append(pick(KEYS)).append(": ").append(quoted(string()));
    }
    return s.append('}').toString();
  }

  private String wrongType() {
    return switch (random.nextInt(6)) {
      case 0 -> "[[a], {b: c}]";
      case 1 -> "{a: [1, 2]}";
      case 2 -> "~";
      case 3 -> "";
      case 4 -> "42";
      default -> "[a, [b, [c, [d]]]]";
    };
  }

  /** A string value: plain words, unicode, control characters, NUL, very long. */
  private String string() {
    return switch (random.nextInt(12)) {
      case 0 -> "x".repeat(random.nextInt(100_000));
      case 1 -> "\u202Eevil\u202C\u0000";
      case 2 -> "line\nbreak";
      case 3 -> "\uD83D\uDE00 emoji \u00e9\u4e2d";
      case 4 -> "${UNSET_SLIM_FUZZ}";
      case 5 -> "$$HOME";
      case 6 -> "\u0007bell\u001b[31m";
      case 7 -> "\uDC00lone";
      case 8 -> "";
      case 9 -> "a\tb";
      default -> "word" + random.nextInt(1000);
    };
  }

  /** Double-quoted YAML with escapes for what plain scalars cannot hold. */
  private static String quoted(String value) {
    StringBuilder q = new StringBuilder("\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (ch < 0x20) {
            q.append(String.format("\\u%04x", (int) ch));
          } else {
            q.append(ch);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  private String deep() {
    int depth = 1 + random.nextInt(20_000);
    String open = random.nextBoolean() ? "[" : "{a: ";
    String close = open.equals("[") ? "]" : "}";
    String where = pick(new String[] {"args", "env", "image", "gates", "binaries"});
    return "apiVersion: slim/v1\nkind: Image\nbinary: ./app\n" + where + ": "
        + open.repeat(depth) + close.repeat(random.nextInt(10) == 0 ? depth / 2 : depth) + "\n";
  }

  private String laughs() {
    StringBuilder y = new StringBuilder("apiVersion: slim/v1\nkind: Image\nbinary: ./app\n");
    y.append("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    int levels = 2 + random.nextInt(12);
    for (int i = 1; i <= levels; i++) {
      y.append("x").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    y.append("args: *a").append(levels).append('\n');
    return y.toString();
  }

  private String huge() {
    int size = random.nextBoolean() ? 1_100_000 : 4_000_000;
    return "apiVersion: slim/v1\nkind: Image\nbinary: ./app\nsource: \"" + "s".repeat(size)
        + "\"\n";
  }

  private byte[] randomBytes() {
    byte[] b = new byte[random.nextInt(2000)];
    random.nextBytes(b);
    return b;
  }

  private String pick(String[] pool) {
    return pool[random.nextInt(pool.length)];
  }
}
