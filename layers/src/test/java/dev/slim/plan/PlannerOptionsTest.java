package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.oci.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every option of a request lands where a user looks for it in the planned image. */
class PlannerOptionsTest {

  private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00Z");

  private static Inspection inspect(String name) throws Exception {
    return Inspector.inspect(
        Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath());
  }

  private static PlanRequest.Builder full() {
    return PlanRequest.builder().path("/usr/local/bin/app").args(List.of("serve", "--fast"))
        .env(Map.of("MODE", "prod")).labels(Map.of("team", "core",
            "org.opencontainers.image.source", "https://example.org/own"))
        .ports(List.of(" 8080 ", "53/UDP")).user("1000:1000").workdir("/data")
        .format(ImageFormat.DOCKER).source("https://example.org/app").revision("abc123")
        .annotations(Map.of("com.example.note", "hi")).created(CREATED);
  }

  @Test
  void aPlanHoldsEveryOptionOfTheRequest() throws Exception {
    Inspection binary = inspect("go-hello-linux-amd64");

    ImagePlan plan = Planner.plan(binary, full().build());

    ContainerConfig config = plan.config();
    assertThat(config.entrypoint()).containsExactly("/usr/local/bin/app");
    assertThat(config.cmd()).containsExactly("serve", "--fast");
    assertThat(config.env()).containsExactly("MODE=prod");
    assertThat(config.labelMap()).containsExactly(
        Map.entry("org.opencontainers.image.revision", "abc123"),
        Map.entry("org.opencontainers.image.source", "https://example.org/own"),
        Map.entry("team", "core"));
    assertThat(config.exposedPorts()).containsExactly("53/udp", "8080/tcp");
    assertThat(config.user()).isEqualTo("1000:1000");
    assertThat(config.workdir()).isEqualTo("/data");
    assertThat(plan.format()).isEqualTo(ImageFormat.DOCKER);
    assertThat(plan.created()).isEqualTo(CREATED);
    assertThat(plan.platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(plan.annotations()).containsExactly(
        Map.entry("com.example.note", "hi"),
        Map.entry("org.opencontainers.image.base.name", "scratch"),
        Map.entry("org.opencontainers.image.created", "2025-06-01T12:00:00Z"),
        Map.entry("org.opencontainers.image.revision", "abc123"),
        Map.entry("org.opencontainers.image.source", "https://example.org/app"));
    assertThat(plan.layers()).singleElement().satisfies(layer -> {
      assertThat(layer.description()).isEqualTo("binary /usr/local/bin/app");
      assertThat(layer.entries()).extracting(LayerEntry::path)
          .containsExactly("/usr", "/usr/local", "/usr/local/bin", "/usr/local/bin/app");
    });
  }

  @Test
  void aRequestCopiedOrChangedKeepsItsOtherOptions() throws Exception {
    Inspection binary = inspect("go-hello-linux-amd64");
    PlanRequest request = full().build();
    ImagePlan original = Planner.plan(binary, request);

    assertThat(Planner.plan(binary, request.toBuilder().build())).isEqualTo(original);
    Instant later = CREATED.plusSeconds(60);
    ImagePlan moved = Planner.plan(binary, request.withCreated(later));
    assertThat(moved.created()).isEqualTo(later);
    assertThat(moved.config()).isEqualTo(original.config());
    ImagePlan pinned = Planner.plan(binary, request.withPlatform(Platform.parse("linux/amd64")));
    assertThat(pinned.config()).isEqualTo(original.config());
    assertThat(pinned.annotations()).isEqualTo(original.annotations());
  }

  @Test
  void portsFromOneTo65535AreTakenAndOthersNamed() throws Exception {
    Inspection binary = inspect("go-hello-linux-amd64");
    assertThat(Planner.plan(binary, PlanRequest.builder().ports(List.of("1", "65535/sctp"))
        .build()).config().exposedPorts()).containsExactly("1/tcp", "65535/sctp");
    for (String bad : List.of("0", "65536", "http", "80/icmp")) {
      assertThatThrownBy(() -> Planner.plan(binary, PlanRequest.builder().ports(List.of(bad))
          .build()))
          .isInstanceOf(SlimException.class)
          .hasMessage("--port needs N, N/tcp or N/udp with N from 1 to 65535, not '" + bad + "'");
    }
  }

  @Test
  void aRequestedPlatformWithoutVariantTakesTheBinarysVariant() throws Exception {
    Inspection arm = inspect("go-hello-linux-arm-v7");
    ImagePlan plan = Planner.plan(arm, PlanRequest.builder()
        .platform(Platform.parse("linux/arm")).build());
    assertThat(plan.platform()).isEqualTo(arm.platform());
    assertThat(plan.platform().variant()).isEqualTo("v7");
  }

  @Test
  void aDynamicBinaryIsRefusedWithItsFix() throws Exception {
    Inspection dynamic = inspect("c-dynamic");
    assertThat(dynamic.hint()).isNotNull();
    assertThatThrownBy(() -> Planner.plan(dynamic, PlanRequest.builder().build()))
        .isInstanceOf(SlimException.class)
        .hasMessage(dynamic.file() + ": " + dynamic.message() + "\n  fix: " + dynamic.hint());
  }

  @Test
  void aRelativeWorkdirIsRefusedNamingTheOption() throws Exception {
    Inspection binary = inspect("go-hello-linux-amd64");
    assertThatThrownBy(() -> Planner.plan(binary, PlanRequest.builder().workdir("data").build()))
        .isInstanceOf(SlimException.class)
        .hasMessage("--workdir must be an absolute path, not 'data'");
    assertThatThrownBy(() -> Planner.plan(binary, PlanRequest.builder().workdir("/da\0ta")
        .build()))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("--workdir must be an absolute path, not '");
  }
}
