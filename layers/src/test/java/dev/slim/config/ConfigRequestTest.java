package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.pipeline.BuildRequest;
import dev.slim.plan.Base;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.PlanRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slim.yaml and the command line to one build request: the options win, maps merge per key. */
class ConfigRequestTest {

  @TempDir Path dir;

  @BeforeEach
  void binary() throws Exception {
    Files.copy(Path.of(System.getProperty("slim.fixtures", "../fixtures"),
        "go-hello-linux-amd64"), dir.resolve("app"));
  }

  private SlimConfig file(String... lines) throws SlimException {
    return ConfigFile.parse("apiVersion: slim/v1\nkind: Image\nbinary: ./app\n"
        + String.join("\n", lines) + "\n", "slim.yaml", dir, Map.of());
  }

  private static ConfigRequest.Options options(Set<String> given, PlanRequest.Builder plan,
      String base, boolean tzdata) {
    return new ConfigRequest.Options(given, BuildRequest.builder().binary(Path.of("ignored")),
        plan, base, tzdata);
  }

  @Test
  void theFileSetsWhatTheCommandLineDidNotGive() throws Exception {
    SlimConfig file = file("image: team/app:1", "base: static+tzdata", "path: /bin/app",
        "args: [serve]", "ports: [8080]", "user: \"1000:1000\"", "workdir: /data",
        "format: docker", "source: https://example.org/app", "revision: abc",
        "gates: {maxSize: 20MB}", "reports: {json: r.json, markdown: r.md, digestFile: d.txt}",
        "sbom: {enabled: true, output: s.json}");
    BuildRequest request = ConfigRequest.request(file, dir.resolve("slim.yaml"),
        options(Set.of(), PlanRequest.builder(), "scratch", false));

    assertThat(request.binaries()).containsExactly(dir.resolve("app"));
    assertThat(request.config()).isEqualTo(dir.resolve("slim.yaml"));
    assertThat(request.image()).isEqualTo("team/app:1");
    assertThat(request.maxSize()).isEqualTo(20_000_000L);
    assertThat(request.reportJson()).isEqualTo(dir.resolve("r.json"));
    assertThat(request.reportMarkdown()).isEqualTo(dir.resolve("r.md"));
    assertThat(request.digestFile()).isEqualTo(dir.resolve("d.txt"));
    assertThat(request.sbom()).isTrue();
    assertThat(request.sbomOutput()).isEqualTo(dir.resolve("s.json"));
    PlanRequest plan = request.plan();
    assertThat(plan.base()).isEqualTo(new Base(Base.Kind.STATIC, null, true));
    assertThat(plan.path()).isEqualTo("/bin/app");
    assertThat(plan.args()).containsExactly("serve");
    assertThat(plan.ports()).containsExactly("8080");
    assertThat(plan.user()).isEqualTo("1000:1000");
    assertThat(plan.workdir()).isEqualTo("/data");
    assertThat(plan.format()).isEqualTo(ImageFormat.DOCKER);
    assertThat(plan.source()).isEqualTo("https://example.org/app");
    assertThat(plan.revision()).isEqualTo("abc");
    assertThat(plan.createdDecided()).isFalse();
  }

  @Test
  void optionsGivenWinEvenWhenTheyEqualTheDefault() throws Exception {
    SlimConfig file = file("base: static", "path: /bin/app", "user: \"1000:1000\"",
        "format: docker", "args: [serve]");
    BuildRequest request = ConfigRequest.request(file, null, options(
        Set.of("--base", "--path", "--user", "--format", "--arg"),
        PlanRequest.builder().path("/app").user("65532:65532").format(ImageFormat.OCI),
        "scratch", false));

    assertThat(request.plan().base()).isEqualTo(Base.SCRATCH);
    assertThat(request.plan().path()).isEqualTo("/app");
    assertThat(request.plan().user()).isEqualTo("65532:65532");
    assertThat(request.plan().format()).isEqualTo(ImageFormat.OCI);
    assertThat(request.plan().args()).isEmpty();
  }

  @Test
  void theFilesCompressionLevelAppliesUnlessTheOptionIsGiven() throws Exception {
    SlimConfig file = file("compressionLevel: 1");
    assertThat(ConfigRequest.request(file, null, options(Set.of(), PlanRequest.builder(),
        "scratch", false)).plan().compressionLevel()).isEqualTo(1);
    assertThat(ConfigRequest.request(file, null, options(Set.of("--compression-level"),
        PlanRequest.builder().compressionLevel(9), "scratch", false)).plan().compressionLevel())
        .as("the option wins").isEqualTo(9);
    assertThat(ConfigRequest.request(file("path: /app"), null, options(Set.of(),
        PlanRequest.builder(), "scratch", false)).plan().compressionLevel())
        .as("neither: slim's default").isEqualTo(6);
  }

  @Test
  void envLabelsAndAnnotationsMergeInTheFilesOrderTheCommandLineWinningPerKey() throws Exception {
    SlimConfig file = file("env: {A: file, B: file}", "labels: {x: file}",
        "annotations: {org.example.team: file, org.example.tier: file}");
    BuildRequest request = ConfigRequest.request(file, null, options(Set.of("--env"),
        PlanRequest.builder().env(Map.of("B", "flag")).labels(Map.of("y", "flag"))
            .annotations(Map.of("org.example.tier", "flag")), null, false));

    assertThat(List.copyOf(request.plan().env().entrySet()))
        .containsExactly(Map.entry("A", "file"), Map.entry("B", "flag"));
    assertThat(List.copyOf(request.plan().labels().entrySet()))
        .containsExactly(Map.entry("x", "file"), Map.entry("y", "flag"));
    assertThat(request.plan().annotations()).containsExactly(
        Map.entry("org.example.team", "file"), Map.entry("org.example.tier", "flag"));
  }

  @Test
  void warningsToIgnoreAndTheSbomComeFromEither() throws Exception {
    SlimConfig file = file("ignoreWarnings: [no-zoneinfo]");
    BuildRequest.Builder build = BuildRequest.builder().sbom(true)
        .ignoredWarnings(Set.of("no-ca-bundle"));
    BuildRequest request = ConfigRequest.request(file, null,
        new ConfigRequest.Options(Set.of("--sbom"), build, PlanRequest.builder(), null, false));

    assertThat(request.ignoredWarnings()).containsExactlyInAnyOrder("no-zoneinfo",
        "no-ca-bundle");
    assertThat(request.sbom()).isTrue();
  }

  @Test
  void tzdataFromTheCommandLineJoinsTheFilesStaticBase() throws Exception {
    BuildRequest request = ConfigRequest.request(file("base: static"), null,
        options(Set.of("--tzdata"), PlanRequest.builder(), "scratch", true));

    assertThat(request.plan().base()).isEqualTo(new Base(Base.Kind.STATIC, null, true));
  }

  @Test
  void withoutAFileTheOptionsAloneDecide() throws Exception {
    BuildRequest request = ConfigRequest.request(null, null, new ConfigRequest.Options(Set.of(),
        BuildRequest.builder().binary(dir.resolve("app")).push(true).image("r/app:1"),
        PlanRequest.builder().path("/bin/app"), "static", false));

    assertThat(request.binaries()).containsExactly(dir.resolve("app"));
    assertThat(request.config()).isNull();
    assertThat(request.push()).isTrue();
    assertThat(request.plan().path()).isEqualTo("/bin/app");
    assertThat(request.plan().base()).isEqualTo(new Base(Base.Kind.STATIC, null, false));
  }

  @Test
  void tzdataWithoutTheStaticBaseIsAUsageError() {
    assertThatThrownBy(() -> ConfigRequest.request(null, null, new ConfigRequest.Options(
        Set.of(), BuildRequest.builder().binary(dir.resolve("app")), PlanRequest.builder(),
        "scratch", true)))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("--tzdata adds slim's time-zone layer to the static base");
  }

  @Test
  void aBuildRequestLeavesTheCreationTimeToTheBuild() {
    PlanRequest decided = PlanRequest.builder().created(Instant.EPOCH).build();

    assertThatThrownBy(() -> BuildRequest.builder().binary(dir.resolve("app")).plan(decided)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the build decides the creation time: give it as created (--created), not"
            + " in the plan");
    assertThat(decided.toBuilder().created(null).build().createdDecided()).isFalse();
  }

  @Test
  void toBuilderCopiesEveryValue() {
    BuildRequest request = BuildRequest.builder().binary(dir.resolve("app")).image("r/app:1")
        .push(true).baseline("r/app:0").maxSize(5L).insecureRegistries(Set.of("r"))
        .username("u").password("p").environment(Map.of("HOME", "/h")).baseRegistry("m")
        .sbom(true).ignoredWarnings(Set.of("no-zoneinfo")).failOnWarning(true)
        .created(Instant.EPOCH).config(dir.resolve("slim.yaml"))
        .plan(PlanRequest.builder().path("/bin/app").env(Map.of("A", "1")).source("s")
            .compressionLevel(2).build())
        .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.plan().toBuilder().build()).isEqualTo(request.plan());
  }

  @Test
  void theFilesTagsApplyUnlessTagIsGivenThenTheOptionsReplaceThem() throws Exception {
    SlimConfig file = file("image: team/app:1", "tags: [stable, \"1.0\"]");
    BuildRequest fromFile = ConfigRequest.request(file, dir.resolve("slim.yaml"),
        options(Set.of(), PlanRequest.builder(), "scratch", false));
    assertThat(fromFile.tags()).containsExactly("stable", "1.0");

    ConfigRequest.Options given = new ConfigRequest.Options(Set.of("--tag"),
        BuildRequest.builder().binary(Path.of("ignored")).tags(List.of("edge")),
        PlanRequest.builder(), "scratch", false);
    assertThat(ConfigRequest.request(file, dir.resolve("slim.yaml"), given).tags())
        .containsExactly("edge");
  }

  @Test
  void aTagInTheFileThatIsNoTagNamesTheFileLineAndProperty() {
    assertThatThrownBy(() -> file("image: team/app:1", "tags: [stable, -rc]"))
        .isInstanceOf(SlimException.class)
        .hasMessage("slim.yaml:5: property 'tags[1]': '-rc' is not a tag; allowed: letters,"
            + " digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters");
  }
}
