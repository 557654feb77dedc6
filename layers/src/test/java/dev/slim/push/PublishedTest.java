package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the report and stdout read from a publish, and the run's record of pushed layers. */
class PublishedTest {

  private static final String BLOB = "sha256:" + "a".repeat(64);

  @Test
  void aBlobWithoutItsOwnStatusHasThePublishersWord() {
    Published published = new Published("r.io/app:1@sha256:x", null,
        Map.of(BLOB, BlobStatus.MOUNTED), "reused");

    assertThat(published.status(BLOB)).isEqualTo("mounted");
    assertThat(published.status("sha256:" + "b".repeat(64))).isEqualTo("reused");
    assertThat(published.references()).containsExactly("r.io/app:1@sha256:x");
  }

  @Test
  void stdoutGetsTheArchiveOrEveryReference() {
    assertThat(new Published("app:1", "out/app.tar", Map.of(), "written", List.of("app:1",
        "app:2")).printed()).isEqualTo("out/app.tar");
    assertThat(new Published("r/a:1@d", null, Map.of(), "reused", List.of("r/a:1@d", "r/a:2@d"))
        .printed()).isEqualTo("r/a:1@d\nr/a:2@d");
  }

  @Test
  void theReferencesStartWithTheReference() {
    assertThatThrownBy(() -> new Published("a:1", null, Map.of(), "reused", List.of("a:2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("references start with a:1");
    assertThatThrownBy(() -> new Published("a:1", null, Map.of(), "reused", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusLabelsAreLowerCase() {
    assertThat(BlobStatus.UPLOADED.label()).isEqualTo("uploaded");
    assertThat(BlobStatus.REUSED.label()).isEqualTo("reused");
    assertThat(BlobStatus.MOUNTED.label()).isEqualTo("mounted");
  }

  @Test
  void aPushedLayerIsElsewhereOnlyForAnotherRepositoryOfTheSameRegistry() {
    PushedBlobs pushed = new PushedBlobs();
    assertThat(pushed.elsewhere("r.io", BLOB, "team/b")).isNull();

    pushed.add("r.io", BLOB, "team/a");
    pushed.add("r.io", BLOB, "team/b");

    assertThat(pushed.elsewhere("r.io", BLOB, "team/b")).isEqualTo("team/a");
    assertThat(pushed.elsewhere("r.io", BLOB, "team/a")).isNull();
    assertThat(pushed.elsewhere("other.io", BLOB, "team/b")).isNull();
  }

  @Test
  void aLookupFindsABaselineOrSaysWhatIsMissing() {
    Baseline baseline = new Baseline("r.io/base:1", null, 10);
    assertThat(Baseline.Lookup.of(baseline).exists()).isTrue();
    assertThat(Baseline.Lookup.notFound("nothing").exists()).isFalse();
    assertThat(Baseline.Lookup.noPlatform("no arm64").exists()).isTrue();
    assertThatThrownBy(() -> new Baseline.Lookup(baseline, true, "both"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Baseline.Lookup(null, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
