package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.BuiltImage;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Platform;
import dev.slim.plan.Lint;
import dev.slim.plan.LintWarning;
import dev.slim.render.GateResult;
import dev.slim.render.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gates and warnings that decide whether a build is pushed or written (exit 5 otherwise),
 * and the words users read about it.
 */
class ChecksTest {

  private static final String DIGEST =
      "sha256:0000000000000000000000000000000000000000000000000000000000000000";

  /** An image whose compressed size (config and layers) is {@code size} bytes. */
  private static BuiltImage image(Platform platform, long size) {
    Descriptor config = new Descriptor("application/vnd.oci.image.config.v1+json", DIGEST, size);
    Descriptor manifest = new Descriptor("application/vnd.oci.image.manifest.v1+json", DIGEST, 2);
    return new BuiltImage(platform, List.of(), config, new byte[0], manifest, new byte[2]);
  }

  private static BuildRequest request(Long maxSize, Set<String> ignored, boolean failOnWarning) {
    return BuildRequest.builder().binary(Path.of("app")).maxSize(maxSize)
        .ignoredWarnings(ignored).failOnWarning(failOnWarning).build();
  }

  private static LintWarning warning(String name) {
    return new LintWarning(name, "app", "needs something");
  }

  @Test
  void anImageOfExactlyTheLimitPassesAndOneByteMoreFails() {
    Checks exact = Checks.of(request(1000L, Set.of(), false),
        List.of(image(Platform.linux("amd64"), 1000)), List.of());
    assertThat(exact.passed()).isTrue();
    assertThat(exact.gates()).containsExactly(GateResult.maxSize(null, 1000, 1000));
    assertThat(exact.failure(true)).isEmpty();
    assertThat(exact.outcome(true)).isEqualTo(
        new Outcome(Outcome.PUSHED, null, exact.gates(), List.of()));
    assertThat(exact.outcome(false).status()).isEqualTo(Outcome.WRITTEN);

    Checks over = Checks.of(request(1000L, Set.of(), false),
        List.of(image(Platform.linux("amd64"), 1001)), List.of());
    assertThat(over.passed()).isFalse();
    assertThat(over.failure(true)).hasValue(
        "image is 1001 bytes compressed, over --max-size 1000 bytes; not pushed");
    assertThat(over.failure(false)).hasValue(
        "image is 1001 bytes compressed, over --max-size 1000 bytes; not written");
    assertThat(over.outcome(true)).isEqualTo(new Outcome(Outcome.NOT_PUSHED,
        "gate max-size failed", over.gates(), List.of()));
    assertThat(over.outcome(false).status()).isEqualTo(Outcome.NOT_WRITTEN);
  }

  @Test
  void withoutMaxSizeThereIsNoGate() {
    Checks checks = Checks.of(request(null, Set.of(), false),
        List.of(image(Platform.linux("amd64"), Long.MAX_VALUE)), List.of());
    assertThat(checks.gates()).isEmpty();
    assertThat(checks.passed()).isTrue();
  }

  @Test
  void severalPlatformsHaveAGateEachNamedForItsPlatform() {
    Checks checks = Checks.of(request(500L, Set.of(), false), List.of(
        image(Platform.linux("amd64"), 400), image(Platform.linux("arm64"), 600)), List.of());

    assertThat(checks.gates()).containsExactly(
        GateResult.maxSize("linux/amd64", 500, 400), GateResult.maxSize("linux/arm64", 500, 600));
    assertThat(checks.passed()).as("one failed gate is enough").isFalse();
    assertThat(checks.failure(true)).hasValue("image for linux/arm64 is 600 bytes compressed,"
        + " over --max-size 500 bytes; not pushed");
    assertThat(checks.outcome(true).reason()).isEqualTo("gate max-size (linux/arm64) failed");
  }

  @Test
  void aWarningStopsTheBuildOnlyWithFailOnWarning() {
    List<LintWarning> one = List.of(warning(Lint.NO_CREATION_TIME));
    Checks lenient = Checks.of(request(null, Set.of(), false), List.of(), one);
    assertThat(lenient.passed()).isTrue();
    assertThat(lenient.warnings()).isEqualTo(one);
    assertThat(lenient.outcome(false)).isEqualTo(
        new Outcome(Outcome.WRITTEN, null, List.of(), one));

    Checks strict = Checks.of(request(null, Set.of(), true), List.of(), one);
    assertThat(strict.passed()).isFalse();
    assertThat(strict.failure(false)).hasValue("warning " + Lint.NO_CREATION_TIME
        + " with --fail-on-warning; not written");
    assertThat(strict.outcome(false)).isEqualTo(new Outcome(Outcome.NOT_WRITTEN,
        "warning " + Lint.NO_CREATION_TIME + " with --fail-on-warning", List.of(), one));
  }

  @Test
  void failOnWarningWithoutWarningsPasses() {
    Checks checks = Checks.of(request(null, Set.of(), true), List.of(), List.of());
    assertThat(checks.passed()).isTrue();
    assertThat(checks.failure(true)).isEmpty();
  }

  @Test
  void anIgnoredWarningIsLeftOutAndCannotStopTheBuild() {
    List<String> names = List.copyOf(Lint.NAMES);
    String ignored = names.get(0);
    String kept = names.get(1);
    Checks onlyIgnored = Checks.of(request(null, Set.of(ignored), true), List.of(),
        List.of(warning(ignored)));
    assertThat(onlyIgnored.warnings()).isEmpty();
    assertThat(onlyIgnored.passed()).isTrue();

    Checks both = Checks.of(request(null, Set.of(ignored), true), List.of(),
        List.of(warning(ignored), warning(kept)));
    assertThat(both.warnings()).containsExactly(warning(kept));
    assertThat(both.passed()).isFalse();
  }

  @Test
  void severalWarningsAreNamedOnceEachAfterTheFailedGates() {
    List<String> names = List.copyOf(Lint.NAMES);
    List<LintWarning> warnings = List.of(warning(names.get(0)), warning(names.get(1)),
        warning(names.get(0)));
    Checks checks = Checks.of(request(10L, Set.of(), true),
        List.of(image(Platform.linux("amd64"), 11)), warnings);

    assertThat(checks.failure(true)).hasValue("image is 11 bytes compressed, over --max-size 10"
        + " bytes; warnings " + names.get(0) + ", " + names.get(1)
        + " with --fail-on-warning; not pushed");
    assertThat(checks.outcome(true).reason()).isEqualTo("gate max-size failed; warnings "
        + names.get(0) + ", " + names.get(1) + " with --fail-on-warning");
    assertThat(checks.outcome(true).warnings()).hasSize(3);
  }
}
