package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ImageAssembler;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticBaseTest {

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private BuiltImage build(String folder, boolean tzdata) throws Exception {
    return build(folder, tzdata, java.time.Instant.EPOCH);
  }

  private BuiltImage build(String folder, boolean tzdata, java.time.Instant created)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(folder));
    BaseImage base = StaticBase.resolve(dir, tzdata);
    Inspection binary = Inspector.inspect(fixture("go-hello-linux-amd64"));
    ImagePlan plan = Planner.plan(binary, PlanRequest.builder().created(created)
        .base(new Base(Base.Kind.STATIC, null, tzdata)).build(), base);
    return ImageAssembler.assemble(plan, dir.resolve("blobs"), Progress.NONE);
  }

  /**
   * The static layers' digests are part of slim's contract: every machine builds these bytes, so
   * registries share them. A change here is a new base release (templates/static/refresh.sh).
   */
  @Test
  void staticBaseLayersAreByteIdenticalOnEveryBuildAndMachine() throws Exception {
    BuiltImage first = build("a", true);
    BuiltImage second = build("b", true);
    assertThat(first.digest()).isEqualTo(second.digest());
    assertThat(first.layers()).extracting(l -> l.blob().digest())
        .isEqualTo(second.layers().stream().map(l -> l.blob().digest()).toList());
    assertThat(first.layers().subList(0, 3)).extracting(l -> l.blob().digest()).containsExactly(
        "sha256:353db0a58870cba1ef27a3a0073395ed621206e74ab02c260f084eecdfbbf0b7",
        "sha256:6d377d16fcff631e64cd0a1e76f5bb255579596a97135c1ba4a220f7f369ee4e",
        "sha256:68fae7d9ed8ea689e7e8e944a9d2d88dd25432f49694875678559507cb6938a9");
  }

  /**
   * The creation time (a commit's, SOURCE_DATE_EPOCH) goes into the binary's layer and the config,
   * never into the static layers: images built on any day share them.
   */
  @Test
  void staticBaseLayersDoNotDependOnTheCreationTime() throws Exception {
    BuiltImage epoch = build("f", true);
    BuiltImage later = build("g", true, java.time.Instant.parse("2024-03-01T12:00:00Z"));
    assertThat(later.layers().subList(0, 3)).extracting(l -> l.blob().digest())
        .isEqualTo(epoch.layers().subList(0, 3).stream().map(l -> l.blob().digest()).toList());
    assertThat(later.layers().get(3).blob().digest())
        .as("the binary's layer has the creation time in its tar headers")
        .isNotEqualTo(epoch.layers().get(3).blob().digest());
    assertThat(later.digest()).isNotEqualTo(epoch.digest());
  }

  @Test
  void ordersRuntimeLayersBeforeTheBinaryAndMarksThemAsBase() throws Exception {
    BuiltImage image = build("c", true);
    List<String> holds = image.layers().stream().map(BuiltLayer::description).toList();
    assertThat(holds).hasSize(4);
    assertThat(holds.get(0)).startsWith("static base: users");
    assertThat(holds.get(1)).startsWith("static base: time zones /usr/share/zoneinfo (tzdata ");
    assertThat(holds.get(2)).startsWith("static base: CA certificates");
    assertThat(holds.get(3)).isEqualTo("binary /app");
    assertThat(image.layers()).extracting(BuiltLayer::fromBase)
        .containsExactly(true, true, true, false);
  }

  @Test
  void withoutTzdataTheOtherLayersKeepTheirDigests() throws Exception {
    BuiltImage with = build("d", true);
    BuiltImage without = build("e", false);
    assertThat(without.layers()).hasSize(3);
    assertThat(without.layers().get(0).blob()).isEqualTo(with.layers().get(0).blob());
    assertThat(without.layers().get(1).blob()).isEqualTo(with.layers().get(2).blob());
  }

  @Test
  void setsSslCertFileAndLetsTheUserOverrideIt() throws Exception {
    BaseImage base = StaticBase.resolve(tmp, false);
    assertThat(base.env()).containsExactly("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt");
    Inspection binary = Inspector.inspect(fixture("go-hello-linux-amd64"));
    PlanRequest request = PlanRequest.builder()
        .env(java.util.Map.of("SSL_CERT_FILE", "/mine.pem")).created(java.time.Instant.EPOCH)
        .build();
    ImagePlan plan = Planner.plan(binary, request, base);
    assertThat(plan.config().env()).containsExactly("SSL_CERT_FILE=/mine.pem");
    assertThat(plan.annotations()).containsEntry("org.opencontainers.image.base.name",
        "slim/static");
  }

  @Test
  void knowsTheVersionsOfItsData() throws Exception {
    assertThat(StaticBase.versions()).containsKeys("ca-certificates", "tzdata");
  }

  @Test
  void parsesBaseNames() throws Exception {
    assertThat(Base.parse("scratch", false)).isEqualTo(Base.SCRATCH);
    assertThat(Base.parse("static", true).tzdata()).isTrue();
    assertThat(Base.parse("alpine:3.20", false).reference()).isEqualTo("alpine:3.20");
    assertThatThrownBy(() -> Base.parse("scratch", true)).isInstanceOf(SlimException.class)
        .hasMessageContaining("--base static");
  }
}
