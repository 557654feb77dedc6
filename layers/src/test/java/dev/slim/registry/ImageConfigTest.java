package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ImageConfig} and {@link ConfigSummary}: what a base image's config gives a build. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ImageConfigTest {

  private static final String ONE = "sha256:" + "1".repeat(64);
  private static final String TWO = "sha256:" + "2".repeat(64);

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pairsEachLayerWithTheHistoryEntryThatMadeItSkippingEmptyLayers() {
    ImageConfig config = ImageConfig.parse(bytes("{\"os\":\"linux\",\"architecture\":\"arm64\","
        + "\"config\":{\"Env\":[\"PATH=/bin\",\"LANG=C\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + ONE + "\",\"" + TWO + "\"]},"
        + "\"history\":[{\"created_by\":\"ADD rootfs\"},"
        + "{\"created_by\":\"ENV LANG=C\",\"empty_layer\":true},"
        + "{\"created_by\":\"RUN make\"}]}")).orElseThrow();

    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.architecture()).isEqualTo("arm64");
    assertThat(config.diffIds()).containsExactly(ONE, TWO);
    assertThat(config.env()).containsExactly("PATH=/bin", "LANG=C");
    assertThat(config.createdBy()).containsExactly("ADD rootfs", "RUN make");
  }

  @Test
  void aShortOrMissingHistoryLeavesTheOtherLayersUnexplained() {
    ImageConfig shortHistory = ImageConfig.parse(bytes("{\"rootfs\":{\"diff_ids\":[\"" + ONE
        + "\",\"" + TWO + "\"]},\"history\":[{\"created_by\":\"ADD a\"}]}")).orElseThrow();
    assertThat(shortHistory.createdBy()).containsExactly("ADD a", "");
    assertThat(shortHistory.os()).isNull();
    assertThat(shortHistory.env()).isEmpty();

    ImageConfig none = ImageConfig.parse(bytes("{\"rootfs\":{\"diff_ids\":[\"" + ONE
        + "\"]},\"history\":{},\"config\":{\"Env\":\"PATH=/bin\"}}")).orElseThrow();
    assertThat(none.createdBy()).containsExactly("");
    assertThat(none.env()).isEmpty();

    ImageConfig longHistory = ImageConfig.parse(bytes("{\"rootfs\":{\"diff_ids\":[\"" + ONE
        + "\"]},\"history\":[{\"created_by\":\"a\"},{}]}")).orElseThrow();
    assertThat(longHistory.createdBy()).containsExactly("a");
  }

  @Test
  void isEmptyForWhatIsNotAnImageConfigWithDiffIds() {
    for (String bad : List.of("not json", "[]", "{}", "{\"rootfs\":{}}",
        "{\"rootfs\":{\"diff_ids\":\"" + ONE + "\"}}", "{\"rootfs\":{\"diff_ids\":[1]}}")) {
      assertThat(ImageConfig.parse(bytes(bad))).as(bad).isEmpty();
    }
  }

  @Test
  void needsOneHistoryEntryPerLayer() {
    assertThatThrownBy(() -> new ImageConfig(null, null, List.of(ONE), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("one history entry per layer");
  }

  @Test
  void aSummaryNamesThePlatformOnlyWithOsAndArchitecture() {
    ConfigSummary full = ConfigSummary.parse(bytes("{\"created\":\"2024-01-02T03:04:05Z\","
        + "\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\","
        + "\"config\":{\"Entrypoint\":[\"/app\",\"-v\"]}}"));
    assertThat(full.platform()).isEqualTo("linux/arm/v7");
    assertThat(full.entrypoint()).containsExactly("/app", "-v");
    assertThat(ConfigSummary.parse(bytes("{\"os\":\"linux\",\"architecture\":\"amd64\","
        + "\"variant\":\"\"}")).platform()).isEqualTo("linux/amd64");
    assertThat(ConfigSummary.parse(bytes("{\"os\":\"linux\"}")).platform()).isNull();
    assertThat(ConfigSummary.parse(bytes("{\"architecture\":\"amd64\"}")).platform()).isNull();
    assertThat(ConfigSummary.parse(bytes("{\"created\":\"yesterday\"}")).created()).isNull();
    assertThat(ConfigSummary.parse(bytes("nope")).platform()).isNull();
  }
}
