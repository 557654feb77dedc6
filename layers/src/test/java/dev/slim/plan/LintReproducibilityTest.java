package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Reproducibility;
import dev.slim.inspect.Uses;
import dev.slim.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproducibility warnings, on binaries the installed {@code go} builds and on fixtures. */
class LintReproducibilityTest {

  @TempDir Path tmp;
  private Path module;

  @BeforeEach
  void module() throws IOException {
    module = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(module.resolve("go.mod"), "module example.com/repro\n\ngo 1.19\n");
    Files.writeString(module.resolve("main.go"),
        "package main\n\nfunc main() { println(\"repro\") }\n");
  }

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static List<String> names(Inspection binary) throws IOException {
    return Lint.check(binary, Uses.of(binary), Base.SCRATCH).stream().map(LintWarning::name)
        .toList();
  }

  /** The fixtures: -trimpath and -buildvcs=false, but the build id that go tool buildid shows. */
  @Test
  void theFixturesKeepTheirBuildId() throws Exception {
    Inspection hello = Inspector.inspect(fixture("go-hello-linux-amd64"));
    Reproducibility r = Reproducibility.of(hello);
    assertThat(r.trimpath()).isTrue();
    assertThat(r.vcsModified()).isFalse();
    assertThat(r.buildId()).isEqualTo("KQRgxaKpL31xzjn799uL/xnwarPmWXL55Tt7ZCA5J/"
        + "joUn7y6KGgdRhOMSjxAd/KxE7O4K70Vk3yjRD9T9C");
    assertThat(r.reproducible()).isFalse();
    assertThat(names(hello)).containsExactly(Lint.GO_BUILD_ID);
    assertThat(Reproducibility.of(Inspector.inspect(fixture("go-hello-linux-s390x"))).buildId())
        .isEqualTo("oS03QoAwUBcCTC4jSQq2/XHrieQjTOQ7ZW1aM-DYB/iwXXuXZuba8-h9rH62EE/"
            + "4MoHgCraEVPsjFPyWvc6");
    assertThat(Reproducibility.of(Inspector.inspect(fixture("c-musl-static")))).isNull();
  }

  @Test
  void aPlainGoBuildIsNotReproducible() throws Exception {
    Inspection binary = Inspector.inspect(goBuild("plain"));
    Reproducibility r = Reproducibility.of(binary);
    assertThat(r.trimpath()).isFalse();
    assertThat(r.buildId()).isEqualTo(goToolBuildId(binary.file()));
    assertThat(r.problems()).containsExactly("built without -trimpath", "has a build id");
    assertThat(names(binary)).containsExactly(Lint.NO_TRIMPATH, Lint.GO_BUILD_ID);
  }

  @Test
  void trimpathAndAnEmptyBuildIdAreReproducible() throws Exception {
    Inspection binary = Inspector.inspect(goBuild("clean", "-trimpath", "-ldflags=-buildid="));
    Reproducibility r = Reproducibility.of(binary);
    assertThat(binary.goBuildId()).isNull();
    assertThat(r.trimpath()).isTrue();
    assertThat(r.reproducible()).isTrue();
    assertThat(r.problems()).isEmpty();
    assertThat(names(binary)).isEmpty();
    // -s -w keep the note: the build id is not a symbol
    Inspection stripped = Inspector.inspect(goBuild("stripped", "-trimpath", "-ldflags=-s -w"));
    assertThat(names(stripped)).containsExactly(Lint.GO_BUILD_ID);
  }

  @Test
  void aModifiedWorkTreeIsNotReproducible() throws Exception {
    GitRepo repo = GitRepo.init(module);
    repo.commit("main", Instant.parse("2023-11-14T22:13:20Z"));
    Files.writeString(module.resolve("notes.txt"), "not committed\n");
    Inspection binary = Inspector.inspect(
        goBuild("modified", "-trimpath", "-buildvcs=true", "-ldflags=-buildid="));
    assertThat(binary.go().setting("vcs.modified")).isEqualTo("true");
    assertThat(Reproducibility.of(binary).vcsModified()).isTrue();
    assertThat(names(binary)).containsExactly(Lint.VCS_MODIFIED);
    Files.delete(module.resolve("notes.txt"));
    Inspection clean = Inspector.inspect(
        goBuild("committed", "-trimpath", "-buildvcs=true", "-ldflags=-buildid="));
    assertThat(clean.go().setting("vcs.modified")).isEqualTo("false");
    assertThat(names(clean)).isEmpty();
  }

  /** {@code go build FLAGS -o tmp/out/NAME .} in the module; skips the test without go. */
  private Path goBuild(String name, String... flags) throws IOException, InterruptedException {
    Path output = tmp.resolve("out").resolve(name);
    List<String> command = new ArrayList<>(List.of("go", "build"));
    command.addAll(List.of(flags));
    command.addAll(List.of("-o", output.toString(), "."));
    return run(command, output);
  }

  private String goToolBuildId(Path binary) throws IOException, InterruptedException {
    return new String(Files.readAllBytes(run(List.of("go", "tool", "buildid", binary.toString()),
        null)), StandardCharsets.UTF_8).strip();
  }

  /** Runs a go command in the module; returns {@code output}, or a file with its output. */
  private Path run(List<String> command, Path output) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile());
    Path log = Files.createTempFile(tmp, "go", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CGO_ENABLED", "0");
    builder.environment().put("GOOS", "linux");
    builder.environment().put("GOPROXY", "off");
    builder.environment().put("GOTOOLCHAIN", "local");
    builder.environment().remove("GOFLAGS");
    if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null) {
      builder.environment().put("GOCACHE", tmp.resolve("gocache").toString());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("go is not installed (apt-get install golang-go)", e);
      }
      System.out.println("LintReproducibilityTest: skipped, go is not installed: " + e);
      Assumptions.assumeTrue(false, "go is not installed");
      throw e;
    }
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(command.toString()).isTrue();
    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    return output == null ? log : output;
  }
}
