package dev.slim.cli;

import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.migrate.Migration;
import dev.slim.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build commands {@code slim migrate} prints, run on small stand-in source trees with the
 * Go, C and Rust toolchains of this machine: each must write a binary at the path slim.yaml
 * names that {@code slim inspect} calls static.
 */
class MigratedCommandsIT {

  private static final String MAIN = "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\n"
      + "func main() { fmt.Println(\"hello\", version) }\n";
  private static final String CGO = "package main\n\n// int two(void) { return 2; }\nimport \"C\"\n"
      + "import \"fmt\"\n\nfunc main() { fmt.Println(C.two()) }\n";
  private static final String C = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";
  private static final String FINAL = "FROM scratch\nCOPY --from=build %s /app\nUSER 1:1\n"
      + "ENTRYPOINT [\"/app\"]\n";

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        go("go-plain", Map.of("main.go", MAIN),
            "RUN CGO_ENABLED=0 go build -o /out/app .", "/out/app"),
        go("go-ldflags-merged", Map.of("main.go", MAIN),
            "RUN go build -ldflags \"-X main.version=1.0\" -o /out/app .", "/out/app"),
        go("go-ldflags-equals", Map.of("main.go", MAIN),
            "RUN go build -ldflags=-w -o /out/app .", "/out/app"),
        go("go-cd", Map.of("cmd/app/main.go", MAIN),
            "RUN cd cmd/app && CGO_ENABLED=0 go build -o /out/app", "/out/app"),
        go("go-package-path", Map.of("cmd/server/main.go", MAIN),
            "RUN go build -o /bin/server ./cmd/server", "/bin/server"),
        go("go-install", Map.of("cmd/app/main.go", MAIN),
            "RUN CGO_ENABLED=0 go install ./cmd/app", "/go/bin/app"),
        go("go-moved", Map.of("main.go", MAIN),
            "RUN go build -o out/app . && mv out/app /usr/local/bin/app", "/usr/local/bin/app"),
        go("go-cgo-musl", Map.of("main.go", CGO),
            "ENV CGO_ENABLED=1\nRUN go build -o /out/app .", "/out/app"),
        go("go-make", Map.of("main.go", MAIN, "Makefile", "build:\n\tgo build -o bin/app .\n"),
            "RUN make build", "/src/bin/app"),
        go("go-script", Map.of("main.go", MAIN, "build.sh", "#!/bin/sh\nset -e\n"
            + "go build -o bin/app .\n"), "RUN sh build.sh", "/src/bin/app"),
        // shapes of the real Dockerfiles in fixtures/dockerfiles/real (issue 11)
        go("go-glob-copy", Map.of("main.go", MAIN),
            "RUN CGO_ENABLED=0 go build -o bin/app -ldflags \"-X main.version=1\"",
            "/src/bin/*", "/usr/bin/", "app"),
        go("go-folder-copy-make-output", Map.of("main.go", MAIN, "Makefile",
            "build:\n\tgo build -o $(OUTPUT) .\n"),
            "RUN mkdir -p /target/app && make OUTPUT=/target/app/app build", "/target", "/",
            "/app/app"),
        go("go-run-build-go", Map.of("main.go", MAIN, "build/build.go", "package main\n\n"
            + "import (\"os\"; \"os/exec\")\n\nfunc main() {\n"
            + "\tc := exec.Command(\"go\", \"build\", \"-o\", \"app\", \".\")\n"
            + "\tc.Stdout, c.Stderr = os.Stdout, os.Stderr\n"
            + "\tif c.Run() != nil { os.Exit(1) }\n}\n"),
            "RUN go run build/build.go", "/src/app"),
        Arguments.of("go-single-stage-install", "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"
            + "RUN CGO_ENABLED=0 go install -v .\nENTRYPOINT [\"app\"]\n", Map.of("main.go", MAIN)),
        Arguments.of("go-single-stage-make-cp", "FROM golang:1.22\nWORKDIR /w\nCOPY . /w\n"
            + "RUN make all && cp bin/* /usr/bin/\nENTRYPOINT [\"app\"]\n", Map.of("main.go", MAIN,
            "Makefile", "all:\n\tgo build -o bin/app .\n")),
        Arguments.of("rust-cargo-install-path", "FROM rust:1.78 AS build\n"
            + "ENV RUSTFLAGS=\"-C target-feature=+crt-static\"\nWORKDIR /w\nCOPY . .\n"
            + "RUN cargo install --path . --target x86_64-unknown-linux-gnu\n"
            + "FROM scratch\nCOPY --from=build /usr/local/cargo/bin/app /app\nUSER 1:1\n"
            + "ENTRYPOINT [\"/app\"]\n", Map.of("Cargo.toml", "[package]\nname = \"app\"\n"
            + "version = \"0.1.0\"\nedition = \"2021\"\n", "src/main.rs",
            "fn main() { println!(\"hi\"); }\n")),
        Arguments.of("c-gcc", "FROM gcc:13 AS build\nWORKDIR /src\nCOPY . .\n"
            + "RUN gcc -O2 -o /out/app hello.c\n" + FINAL.formatted("/out/app"),
            Map.of("hello.c", C)),
        Arguments.of("c-musl-gcc", "FROM alpine AS build\nWORKDIR /src\nCOPY . .\n"
            + "RUN musl-gcc -O2 -o /out/app hello.c\n" + FINAL.formatted("/out/app"),
            Map.of("hello.c", C)),
        Arguments.of("rust-gnu-crt-static", "FROM rust:1.78 AS build\n"
            + "ENV RUSTFLAGS=\"-C target-feature=+crt-static\"\nWORKDIR /w\nCOPY . .\n"
            + "RUN cargo build --release --target x86_64-unknown-linux-gnu\n"
            + FINAL.formatted("/w/target/x86_64-unknown-linux-gnu/release/app"),
            Map.of("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\n", "src/main.rs", "fn main() { println!(\"hi\"); }\n")));
  }

  private static Arguments go(String name, Map<String, String> files, String run, String out) {
    return Arguments.of(name, "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        + "RUN printf 'module example.com/app\\n\\ngo 1.19\\n' > go.mod\n" + run + "\n"
        + FINAL.formatted(out), files);
  }

  /** A Go build whose final stage copies {@code source} (a folder or pattern) to {@code dest}. */
  private static Arguments go(String name, Map<String, String> files, String run, String source,
      String dest, String entrypoint) {
    return Arguments.of(name, "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n" + run
        + "\nFROM alpine\nCOPY --from=build " + source + " " + dest + "\nUSER 1:1\n"
        + "WORKDIR /app\nENTRYPOINT [\"" + entrypoint + "\"]\n", files);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void thePrintedCommandWritesAStaticBinaryWhereSlimYamlSays(String name, String dockerfile,
      Map<String, String> files) throws Exception {
    Path tree = dir.resolve(name);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = tree.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    if (dockerfile.startsWith("FROM golang") && !files.containsKey("go.mod")) {
      Files.writeString(tree.resolve("go.mod"), "module example.com/app\n\ngo 1.19\n");
    }
    Files.writeString(tree.resolve("Dockerfile"), dockerfile);
    Migration m = Migrator.migrate(tree.resolve("Dockerfile"));
    assertThat(m.build()).as(name).isNotNull();
    String command = m.build().command();
    Process p = new ProcessBuilder("sh", "-c", command).directory(tree.toFile())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(name + ": " + command + "\n" + log).isZero();
    Path binary = tree.resolve(m.config().binaries().get(0).path()).normalize();
    assertThat(binary).as(command).isRegularFile();
    CliTest.Result r = run("inspect", binary.toString());
    assertThat(r.out()).as(command).contains("verdict:     static");
  }

}
