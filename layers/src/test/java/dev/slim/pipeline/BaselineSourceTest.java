package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.push.Baseline;
import dev.slim.registry.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build is compared with, and what the report says when there is nothing. */
class BaselineSourceTest {

  private static final ImageRef TARGET = ImageRef.parse("example.com/app:1");
  private static final Baseline FOUND = new Baseline("example.com/app:0", "sha256:00", 1234);

  @TempDir Path tmp;

  private static void usage(String value, String message) {
    assertThatThrownBy(() -> BaselineSource.of("--baseline", value, TARGET))
        .isInstanceOf(SlimException.class).hasMessage(message)
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.USAGE);
  }

  @Test
  void pathsAreFilesAndEverythingElseIsAReference() throws Exception {
    assertThat(BaselineSource.looksLikeFile("./a")).isTrue();
    assertThat(BaselineSource.looksLikeFile("../a")).isTrue();
    assertThat(BaselineSource.looksLikeFile("/a")).isTrue();
    assertThat(BaselineSource.looksLikeFile(".")).isTrue();
    assertThat(BaselineSource.looksLikeFile("..")).isTrue();
    assertThat(BaselineSource.looksLikeFile("old.tar")).isTrue();
    assertThat(BaselineSource.looksLikeFile("example.com/app:1")).isFalse();
    assertThat(BaselineSource.looksLikeFile("app")).isFalse();
    assertThat(BaselineSource.looksLikeFile("nul\0l")).isFalse();
    // a plain name that is a file in the working folder (the module's pom.xml) is a file
    assertThat(Files.isRegularFile(Path.of("pom.xml"))).isTrue();
    assertThat(BaselineSource.looksLikeFile("pom.xml")).isTrue();
  }

  @Test
  void noValueMeansTheImageAtTheTagLookedUpOnlyWhenPushing() throws Exception {
    BaselineSource source = BaselineSource.of("--baseline", null, TARGET);
    assertThat(source).isEqualTo(new BaselineSource(null, null, TARGET));
    assertThat(source.wanted(true)).isTrue();
    assertThat(source.wanted(false)).isFalse();
  }

  @Test
  void anArchiveMustBeAFile() throws Exception {
    Path archive = Files.writeString(tmp.resolve("old.tar"), "x");
    BaselineSource source = BaselineSource.of("--baseline", archive.toString(), TARGET);
    assertThat(source).isEqualTo(new BaselineSource(archive.toString(), archive, null));
    assertThat(source.wanted(false)).as("given on purpose").isTrue();

    usage(tmp.toString(), "--baseline " + tmp + ": is a folder; give an archive"
        + " (docker save -o FILE.tar IMAGE) or an image reference");
    usage(tmp.resolve("none.tar").toString(),
        "--baseline " + tmp.resolve("none.tar") + ": file not found");
  }

  @Test
  void aReferenceIsParsedAndAMalformedOneNamesTheOption() throws Exception {
    BaselineSource source = BaselineSource.of("--baseline", "example.com/app:0", TARGET);
    assertThat(source.ref()).isEqualTo(ImageRef.parse("example.com/app:0"));
    assertThat(source.archive()).isNull();
    assertThatThrownBy(() -> BaselineSource.of("--compare", "UP PER", TARGET))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("--compare 'UP PER' is neither an archive file nor an image"
            + " reference: ");
  }

  @Test
  void anImageGivenOnPurposeMustExistButTheOneAtTheTagMayNot() throws Exception {
    Baseline.Lookup missing = new Baseline.Lookup(null, false, "no example.com/app:0");
    BaselineSource given = BaselineSource.of("--baseline", "example.com/app:0", TARGET);
    assertThatThrownBy(() -> given.check(Optional.of(missing)))
        .isInstanceOf(SlimException.class)
        .hasMessage("baseline example.com/app:0: no example.com/app:0 (the registry has no such"
            + " image); check the reference, or leave the baseline out")
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.REGISTRY);

    BaselineSource implicit = BaselineSource.of("--baseline", null, TARGET);
    assertThat(implicit.check(Optional.of(missing))).isEmpty();
    assertThat(implicit.note(Optional.of(missing), true))
        .isEqualTo("no baseline: nothing at example.com/app:1 yet (give --baseline REF to"
            + " compare)");
  }

  @Test
  void anImageWithoutThePlatformIsANoteNotAnError() throws Exception {
    Baseline.Lookup otherPlatform = new Baseline.Lookup(null, true, "no linux/arm64 image");
    BaselineSource given = BaselineSource.of("--baseline", "example.com/app:0", TARGET);
    assertThat(given.check(Optional.of(otherPlatform))).isEmpty();
    assertThat(given.note(Optional.of(otherPlatform), true))
        .isEqualTo("no baseline: no linux/arm64 image");
  }

  @Test
  void aFoundBaselineIsComparedWith() throws Exception {
    Baseline.Lookup found = new Baseline.Lookup(FOUND, true, null);
    for (String value : new String[] {null, "example.com/app:0"}) {
      BaselineSource source = BaselineSource.of("--baseline", value, TARGET);
      assertThat(source.check(Optional.of(found))).contains(FOUND);
      assertThat(source.note(Optional.of(found), false))
          .isEqualTo("compared with example.com/app:0");
    }
  }

  @Test
  void withoutALookupThereIsNoBaseline() throws Exception {
    BaselineSource implicit = BaselineSource.of("--baseline", null, TARGET);
    assertThat(implicit.check(Optional.empty())).isEmpty();
    assertThat(implicit.note(Optional.empty(), false))
        .isEqualTo("no baseline (give --baseline REF to compare)");
    BaselineSource given = BaselineSource.of("--baseline", "example.com/app:0", TARGET);
    assertThat(given.note(Optional.empty(), false))
        .isEqualTo("no baseline (give --baseline REF to compare)");
  }
}
