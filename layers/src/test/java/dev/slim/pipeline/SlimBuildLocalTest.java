package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.SlimException;
import dev.slim.image.Progress;
import dev.slim.oci.Platform;
import dev.slim.plan.Base;
import dev.slim.plan.Lint;
import dev.slim.plan.PlanRequest;
import dev.slim.render.Outcome;
import dev.slim.render.Reports;
import dev.slim.testing.ImageCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local builds end to end: several platforms in one archive, SBOM files named per platform, a
 * baseline read from an archive, the reports and the job summary, the early refusals.
 */
@Timeout(120)
class SlimBuildLocalTest {

  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static BuildRequest.Builder multi(Path output) {
    return BuildRequest.builder().binaries(List.of(fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-arm64"))).image("example.com/app:1").output(output)
        .created(CREATED);
  }

  @Test
  void severalBinariesMakeOneArchiveWithAnIndexAndAnSbomPerPlatform() throws Exception {
    Path output = tmp.resolve("multi.tar");
    Path digest = tmp.resolve("digest.txt");
    Path reportJson = tmp.resolve("report.json");
    Path reportMd = tmp.resolve("report.md");
    Path summary = Files.writeString(tmp.resolve("summary.md"), "earlier\n");
    BuildResult result = SlimBuild.run(multi(output).sbom(true).maxSize(100_000_000L)
        .digestFile(digest).reportJson(reportJson).reportMarkdown(reportMd)
        .environment(Map.of("GITHUB_STEP_SUMMARY", summary.toString())).build(), Progress.NONE);

    assertThat(result.gateFailure()).isEmpty();
    assertThat(result.report().outcome().gates()).hasSize(2)
        .allMatch(g -> g.passed() && g.platform() != null);
    Path amd64 = tmp.resolve("multi-linux-amd64.spdx.json");
    Path arm64 = tmp.resolve("multi-linux-arm64.spdx.json");
    assertThat(result.report().sbom()).containsExactly(amd64.toString(), arm64.toString());
    assertThat(Files.readString(amd64)).contains("example.com/app:1 (linux/amd64)")
        .contains("2024-05-01T12:00:00Z");
    assertThat(Files.readString(arm64)).contains("example.com/app:1 (linux/arm64)");
    assertThat(digest).hasContent(output.toString());
    assertThat(Files.readString(digest)).isEqualTo(output + "\n");
    assertThat(reportJson).hasContent(Reports.buildJson(result.report()));
    String markdown = Reports.buildMarkdown(result.report());
    assertThat(reportMd).hasContent(markdown);
    assertThat(Files.readString(summary)).isEqualTo("earlier\n" + markdown);

    Path layout = Files.createDirectories(tmp.resolve("layout"));
    ImageCheck.unpack(output, layout);
    JsonNode index = new ObjectMapper().readTree(layout.resolve("blobs/sha256")
        .resolve(result.report().digest().substring(7)).toFile());
    assertThat(index.get("manifests")).hasSize(2);
    assertThat(index.get("manifests").get(1).get("platform").get("architecture").asText())
        .isEqualTo("arm64");
  }

  @Test
  void aJobSummaryAloneGetsTheMarkdownReport() throws Exception {
    Path summary = tmp.resolve("summary.md");
    BuildResult result = SlimBuild.run(BuildRequest.builder().binary(fixture("c-musl-static"))
        .output(tmp.resolve("a.tar")).created(CREATED)
        .environment(Map.of("GITHUB_STEP_SUMMARY", summary.toString())).build(), Progress.NONE);
    assertThat(summary).hasContent(Reports.buildMarkdown(result.report()));
  }

  @Test
  void anSbomFileOfSeveralPlatformsGetsThePlatformBeforeItsExtension() throws Exception {
    BuildResult spdx = SlimBuild.run(multi(tmp.resolve("a.tar"))
        .sbomOutput(tmp.resolve("s.spdx.json")).build(), Progress.NONE);
    assertThat(spdx.report().sbom()).containsExactly(
        tmp.resolve("s-linux-amd64.spdx.json").toString(),
        tmp.resolve("s-linux-arm64.spdx.json").toString());
    BuildResult plain = SlimBuild.run(multi(tmp.resolve("b.tar"))
        .sbomOutput(tmp.resolve("t.json")).build(), Progress.NONE);
    assertThat(plain.report().sbom()).containsExactly(tmp.resolve("t-linux-amd64.json").toString(),
        tmp.resolve("t-linux-arm64.json").toString());
  }

  @Test
  void oneBinarysSbomGoesWhereItIsToldOrNextToTheArchive() throws Exception {
    BuildRequest.Builder one = BuildRequest.builder().binary(fixture("c-musl-static"))
        .created(CREATED);
    BuildResult told = SlimBuild.run(one.output(tmp.resolve("a.tar"))
        .sbomOutput(tmp.resolve("told.json")).build(), Progress.NONE);
    assertThat(told.report().sbom()).containsExactly(tmp.resolve("told.json").toString());
    assertThat(tmp.resolve("a.spdx.json")).doesNotExist();

    BuildResult beside = SlimBuild.run(one.output(tmp.resolve("b.tar")).sbomOutput(null)
        .sbom(true).build(), Progress.NONE);
    assertThat(beside.report().sbom()).containsExactly(tmp.resolve("b.spdx.json").toString());
    assertThat(Files.readString(tmp.resolve("b.spdx.json"))).contains("SPDX-2.3");
  }

  @Test
  void aBaselineArchiveIsSummedOverEveryPlatformBuilt() throws Exception {
    Path old = tmp.resolve("old.tar");
    BuildResult first = SlimBuild.run(multi(old).build(), Progress.NONE);
    BuildResult again = SlimBuild.run(multi(tmp.resolve("new.tar")).baseline(old.toString())
        .build(), Progress.NONE);

    assertThat(again.report().baselineNote()).isEqualTo("compared with " + old);
    assertThat(again.report().beforeCompressed()).isEqualTo(first.report().afterCompressed());
    assertThat(again.report().savedBytes()).isZero();

    BuildResult otherPlatform = SlimBuild.run(BuildRequest.builder()
        .binary(fixture("go-hello-linux-riscv64")).output(tmp.resolve("riscv.tar"))
        .baseline(old.toString()).created(CREATED).build(), Progress.NONE);
    assertThat(otherPlatform.report().beforeCompressed()).isNull();
    assertThat(otherPlatform.report().baselineNote()).startsWith("no baseline: ")
        .contains("linux/riscv64");
  }

  @Test
  void twoBinariesForOnePlatformAreRefused() {
    Path a = fixture("go-hello-linux-amd64");
    Path b = fixture("go-hello-linux-amd64-unstripped");
    assertThatThrownBy(() -> SlimBuild.run(BuildRequest.builder().binaries(List.of(a, b))
        .output(tmp.resolve("x.tar")).build(), Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage(a + " and " + b + " are both built for linux/amd64: give one binary per"
            + " platform");
    assertThat(tmp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void platformChecksOnlyASingleBinary() throws Exception {
    PlanRequest plan = PlanRequest.builder().platform(Platform.linux("amd64")).build();
    assertThatThrownBy(() -> SlimBuild.run(multi(tmp.resolve("x.tar")).plan(plan).build(),
        Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("--platform checks a single binary; with several binaries");
    BuildResult one = SlimBuild.run(BuildRequest.builder().binary(fixture("go-hello-linux-amd64"))
        .plan(plan).output(tmp.resolve("one.tar")).created(CREATED).build(), Progress.NONE);
    assertThat(one.report().platform()).isEqualTo("linux/amd64");
  }

  @Test
  void aPlaceholderCreationTimeIsAWarningThatFailOnWarningTurnsIntoExitFive() throws Exception {
    Path binary = fixture("c-musl-static");
    // --created 0 cannot rank or age the image: the warning no-creation-time
    BuildRequest.Builder request = BuildRequest.builder().binary(binary)
        .output(tmp.resolve("w.tar")).created(Instant.EPOCH);
    BuildResult lenient = SlimBuild.run(request.build(), Progress.NONE);
    assertThat(lenient.warnings()).extracting(w -> w.name() + " " + w.file())
        .containsExactly(Lint.NO_CREATION_TIME + " " + binary);
    assertThat(lenient.gateFailure()).isEmpty();
    Files.delete(tmp.resolve("w.tar"));

    BuildResult strict = SlimBuild.run(request.failOnWarning(true).build(), Progress.NONE);
    assertThat(strict.gateFailure()).hasValue("warning " + Lint.NO_CREATION_TIME
        + " with --fail-on-warning; not written");
    assertThat(strict.report().outcome().status()).isEqualTo(Outcome.NOT_WRITTEN);
    assertThat(tmp.resolve("w.tar")).doesNotExist();
    assertThat(strict.report().sbom()).isEmpty();

    Path config = Files.writeString(tmp.resolve("slim.yaml"), "x");
    BuildResult fromConfig = SlimBuild.run(request.failOnWarning(false).config(config).build(),
        Progress.NONE);
    assertThat(fromConfig.warnings()).extracting(w -> w.file()).containsExactly(config.toString());
  }

  @Test
  void theCreationTimeAndItsSourceAreTheFirstProgressLine() throws Exception {
    List<String> steps = new ArrayList<>();
    SlimBuild.run(BuildRequest.builder().binary(fixture("c-musl-static"))
        .output(tmp.resolve("p.tar")).created(CREATED).build(),
        (step, done, total) -> steps.add(step));
    assertThat(steps.get(0)).startsWith("creation time 2024-05-01T12:00:00Z (");
  }

  @Test
  void theStaticBaseIsPlannedUnderTheBinary() throws Exception {
    PlanRequest plan = PlanRequest.builder().base(Base.parse("static", false)).build();
    BuildResult result = SlimBuild.run(BuildRequest.builder().binary(fixture("c-musl-static"))
        .plan(plan).output(tmp.resolve("s.tar")).created(CREATED).build(), Progress.NONE);
    assertThat(result.report().layers()).hasSizeGreaterThan(1);
    assertThat(result.report().layers().get(0).holds()).doesNotContain("c-musl-static");
  }

  @Test
  void aBuildLeavesNoWorkFolderBehind() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    String before = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", work.toString());
    try {
      SlimBuild.run(BuildRequest.builder().binary(fixture("c-musl-static"))
          .output(tmp.resolve("w.tar")).created(CREATED).build(), Progress.NONE);
    } finally {
      System.setProperty("java.io.tmpdir", before);
    }
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).isEmpty();
    }
  }
}
