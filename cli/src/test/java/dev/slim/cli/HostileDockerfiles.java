package dev.slim.cli;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates Dockerfiles that are structured but hostile: random instruction mixes over a
 * multi-stage skeleton, heredocs, line continuations and escape directives, ARG/ENV chains that
 * double at every line, deep stage chains, odd quoting, NUL and newlines in exec-form arguments,
 * out-of-range ports, random bytes. Seeded: the same seed gives the same files.
 */
final class HostileDockerfiles {

  private static final String[] WORDS = {"app", "/app", "serve", "--port", "8080", "$HOME",
      "${PORT}", "${PORT:-80}", "${PORT:+x}", "$$", "${CI_JOB_TOKEN}", "\\n", "\\u0000", "\\t",
      "\\\"", "é", "\uD83D\uDE00", "a b", "''", "*", "$(id)", "`id`", "\\", "${", "${A:-${B}}",
      "\\u12", "\\uZZZZ", "\\x00", "-c", "exec", "tini", "--", "\\ud800", "\\u0085", "\\u2028",
      "\\ufeff", "\\u001b[31m", "\\r\\n", "${A:-${B:-${C}}}", "\\$X"};
  private static final String[] PORTS = {"8080", "53/udp", "99999", "0", "65536", "80-90",
      "8080/sctp", "http", "1e3", "$PORT", "${PORT}", "-1", "0080", "123456789012"};
  private static final String[] PATHS = {"/app", "/usr/local/bin/app", "app", "./app", "/",
      "/out/", ".", "/a b", "/" + "p".repeat(300), "/\u00e9/app", "$DEST", "/app\\", "../../app"};

  private final Random random;

  HostileDockerfiles(long seed) {
    this.random = new Random(seed);
  }

  /** The next file's bytes. */
  byte[] next() {
    int kind = random.nextInt(100);
    if (kind < 3) {
      byte[] b = new byte[random.nextInt(3000)];
      random.nextBytes(b);
      return b;
    }
    if (kind < 5) {
      return chain(1 + random.nextInt(random.nextInt(10) == 0 ? 60_000 : 500));
    }
    if (kind < 8) {
      return doubling();
    }
    if (kind < 9) {
      return wide(1 + random.nextInt(random.nextInt(10) == 0 ? 40_000 : 300));
    }
    return mix().getBytes(StandardCharsets.UTF_8);
  }

  private String mix() {
    StringBuilder d = new StringBuilder();
    if (random.nextInt(10) == 0) {
      d.append(random.nextBoolean() ? "# escape=`\n" : "# syntax=docker/dockerfile:1\n");
    }
    if (random.nextInt(4) == 0) {
      d.append("ARG VERSION=1.").append(random.nextInt(30)).append('\n');
    }
    d.append("FROM golang:${VERSION:-1.22} AS build\n");
    d.append("WORKDIR /src\n");
    d.append(random.nextInt(30) == 0 ? "RUN " + "A=1 ".repeat(random.nextInt(200_000))
        + "go build -o /out/app .\n" : "RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n");
    int stages = random.nextInt(3);
    for (int i = 0; i < stages; i++) {
      d.append("FROM ").append(random.nextBoolean() ? "build" : "alpine:3.20").append(" AS s")
          .append(i).append('\n');
    }
    d.append("FROM ").append(random.nextBoolean() ? "scratch" : "gcr.io/distroless/static")
        .append('\n');
    if (random.nextInt(10) != 0) {
      d.append("COPY --from=build /out/app ").append(pick(PATHS)).append('\n');
    }
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      d.append(instruction()).append('\n');
    }
    String text = d.toString();
    if (random.nextInt(12) == 0 && !text.isEmpty()) {
      int at = random.nextInt(text.length());
      text = text.substring(0, at) + (char) random.nextInt(0x100) + text.substring(at);
    }
    if (random.nextInt(15) == 0) {
      text = text.substring(0, random.nextInt(text.length() + 1));
    }
    if (random.nextInt(10) == 0) {
      text = text.replace("\n", "\r\n");
    }
    return text;
  }

  private String instruction() {
    return switch (random.nextInt(24)) {
      case 0, 1 -> "ENTRYPOINT " + exec();
      case 2, 3 -> "CMD " + exec();
      case 4 -> "CMD " + shell();
      case 5 -> "ENTRYPOINT " + shell();
      case 6 -> "ENV " + pick(new String[] {"A", "PORT", "HOME", "A-B", "=x", "1X"}) + "="
          + word() + (random.nextBoolean() ? " B=" + word() : "");
      case 7 -> "ENV LEGACY value with spaces $PORT";
      case 8 -> "ARG " + pick(new String[] {"PORT", "A", "B", "DEST"})
          + (random.nextBoolean() ? "=" + word() : "");
      case 9 -> "EXPOSE " + pick(PORTS) + (random.nextBoolean() ? " " + pick(PORTS) : "");
      case 10 -> "USER " + pick(new String[] {"nonroot", "1000:1000", "app", "0", "root:root",
          "$USER", "", "99999999999999999999"});
      case 11 -> "WORKDIR " + pick(PATHS);
      case 12 -> "LABEL " + pick(new String[] {"a=b", "\"k k\"=\"v v\"", "a=\"unterminated",
          "x", "=", "a=$PORT", "a='q'"});
      case 13 -> "RUN <<EOF\nFROM evil AS x\nCOPY --from=x /x /app\necho hi\nEOF";
      case 14 -> "COPY <<EOF " + pick(PATHS) + "\n#!/bin/sh\nexec /app \"$@\"\nEOF";
      case 15 -> "RUN <<-EOT bash\n\tFROM nope\n\tEOT";
      case 16 -> "COPY --from=" + pick(new String[] {"build", "0", "s0", "nope", "BUILD",
          "${STAGE}", ""}) + " " + pick(PATHS) + " " + pick(PATHS);
      case 17 -> random.nextBoolean() ? "COPY a b c /dst/"
          : "COPY --from=build [\"" + word().replace("\"", "\\\"") + "\", \"" + pick(PATHS)
              + "\"]";
      case 18 -> "HEALTHCHECK CMD [\"/app\", \"health\"]";
      case 19 -> "RUN echo \\\n  continued \\\n# comment inside\n  done";
      case 20 -> "ONBUILD RUN x\nSTOPSIGNAL SIGTERM\nVOLUME /data\nSHELL [\"/bin/sh\"]";
      case 21 -> "MAINTAINER " + word();
      case 22 -> "FROM scratch AS late\nCOPY --from=build /out/app /app";
      default -> pick(new String[] {"BOGUS x", "ADD https://x/y /app", "COPY", "FROM",
          "ENTRYPOINT", "CMD []", "CMD [\"unterminated", "CMD [\"a\",]", "CMD [1, 2]",
          "ENTRYPOINT [\"/app\"] trailing", "ADD --chown=1:1 --chmod=0755 /out/app /app"});
    };
  }

  private String exec() {
    StringBuilder s = new StringBuilder("[");
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ", ").append('"').append(word().replace("\"", "\\\"")).append('"');
    }
    if (random.nextInt(6) == 0) {
      s.append(n == 0 ? "" : ", ").append("\"a\\nb\\u0000c\"");
    }
    return s.append(']').toString();
  }

  private String shell() {
    StringBuilder s = new StringBuilder(random.nextBoolean() ? "exec " : "");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : " ").append(word());
    }
    return s.toString();
  }

  private String word() {
    return random.nextInt(8) == 0 ? "w".repeat(random.nextInt(20_000)) : pick(WORDS);
  }

  /** {@code n} stages, each FROM the one before. */
  private byte[] chain(int n) {
    StringBuilder d = new StringBuilder("FROM golang AS s0\nRUN go build -o /out/app .\n");
    for (int i = 1; i < n; i++) {
      d.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
    }
    d.append("FROM scratch\nCOPY --from=s").append(n - 1).append(" /out/app /app\n");
    d.append("ENTRYPOINT [\"/app\"]\n");
    return d.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} copies into the final stage and an entrypoint of {@code n} words. */
  private byte[] wide(int n) {
    StringBuilder d = new StringBuilder("FROM scratch\n");
    for (int i = 0; i < n; i++) {
      d.append("COPY f").append(i).append(" /d/f").append(i).append('\n');
    }
    d.append("COPY app /bin/app\nENTRYPOINT [").append("\"x\", ".repeat(n)).append("\"app\"]\n");
    return d.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Variables that double at every line: {@code ENV A=$A$A}, ARG defaults, nested forms. */
  private byte[] doubling() {
    StringBuilder d = new StringBuilder("FROM golang AS build\nRUN go build -o /out/app .\n");
    d.append("FROM scratch\nENV A=xxxxxxxx\n");
    int n = 10 + random.nextInt(60);
    String line = pick(new String[] {"ENV A=$A$A", "ENV A=${A}${A}${A}", "ARG A=${A:-x}$A$A",
        "ENV A=\"$A $A\"", "LABEL l=$A$A", "ENV A=${A:+$A$A}"});
    for (int i = 0; i < n; i++) {
      d.append(line).append('\n');
    }
    d.append("COPY --from=build /out/app /app\nENTRYPOINT [\"/app\", \"$A\"]\nCMD $A\n");
    return d.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String pick(String[] pool) {
    return pool[random.nextInt(pool.length)];
  }
}
