package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SemVerTest {

  private static SemVer v(String tag) {
    return SemVer.parse(tag).orElseThrow(() -> new AssertionError(tag + " is a version"));
  }

  @Test
  void readsVersionsAsTagsSpellThem() {
    assertThat(v("1.4.2")).hasToString("1.4.2");
    assertThat(v("v1.4.2")).isEqualTo(v("1.4.2"));
    assertThat(v("v1")).isEqualTo(v("1.0.0"));
    assertThat(v("1.4")).isEqualTo(v("v1.4.0"));
    assertThat(v("v2.0.0-rc.1").prerelease()).containsExactly("rc", "1");
    assertThat(v("1.0-beta")).hasToString("1.0.0-beta");
  }

  @Test
  void otherTagsAreNoVersions() {
    for (String tag : List.of("latest", "main", "7", "1234567", "3f2a9c1", "v", "v1.", "1..2",
        "01.2.3", "1.02.3", "v1.2.3.4", "1.2.3-", "1.2.3-01", "1.2.3_4", "release-1.2.3",
        "V1.2.3", "sha256-abc.sig")) {
      assertThat(SemVer.parse(tag)).as(tag).isEqualTo(Optional.empty());
    }
  }

  @Test
  void ordersByPrecedence() {
    // semver.org's example, plus numbers that sort wrongly as text
    List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
        "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.9.0",
        "1.10.0", "v2", "10.0.0", "99999999999999999999.0.0");
    List<SemVer> versions = new ArrayList<>();
    ordered.forEach(t -> versions.add(v(t)));
    List<SemVer> shuffled = new ArrayList<>(versions);
    java.util.Collections.shuffle(shuffled, new java.util.Random(1));
    shuffled.sort(null);
    assertThat(shuffled).isEqualTo(versions);
  }
}
