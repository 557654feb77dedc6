package dev.slim.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sweep of a dead run's leftovers leaves alone, and the shapes a name may have. */
class LeftoversSweepTest {

  @TempDir Path tmp;

  @Test
  void pidZeroIsNeverASlimsSoItsFolderStays() throws Exception {
    Path zero = Files.createDirectory(tmp.resolve("slim-build-0-1"));
    WorkFolder.delete(WorkFolder.create(tmp, "slim-build-"));
    assertThat(zero).exists();
  }

  @Test
  void anotherUsersLeftoverIsNotTouched() throws Exception {
    Path theirs = Files.createDirectory(
        tmp.resolve("slim-build-" + OutputFileTest.deadPid() + "-1"));
    Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
    boolean given = Files.getAttribute(theirs, "unix:uid").equals(65534);

    WorkFolder.delete(WorkFolder.create(tmp, "slim-build-"));

    assertThat(Files.exists(theirs)).as("given away: %s", given).isEqualTo(given);
  }

  @Test
  void theLongestPidAndNumberStillNameAnOwner() {
    LeftoverName work = new LeftoverName("slim-build-", "");
    assertThat(work.owner("slim-build-4194304-18446744073709551615")).isEqualTo(4194304);
    assertThat(work.owner("slim-build-1234567890-18446744073709551615")).isEqualTo(1234567890);
    assertThat(work.owner("slim-build-1-123456789012345678901")).isEqualTo(-1);
    assertThat(work.owner("slim-build-42-")).isEqualTo(-1);
    assertThat(work.owner("slim-build-42")).isEqualTo(-1);
  }

  @Test
  void aNameShorterThanItsPrefixAndSuffixTogetherHasNoOwner() {
    assertThat(new LeftoverName("ab", "bc").owner("abc")).isEqualTo(-1);
    assertThat(new LeftoverName("a-", ".p").owner("a-1-.p")).isEqualTo(-1);
    assertThat(new LeftoverName("a-", ".p").owner("a-1-2.p")).isEqualTo(1);
  }

  @Test
  void aPrefixOfLowercaseLettersFromAToZIsTaken() throws Exception {
    WorkFolder.delete(WorkFolder.create(tmp, "az-"));
    for (String bad : new String[] {"`-", "{-", "Slim-", "slim", "slim_build-"}) {
      assertThatThrownBy(() -> WorkFolder.create(tmp, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a work folder prefix is lowercase words ending in '-', not '" + bad + "'");
    }
  }

  @Test
  void theDefaultWorkFolderIsInTheTemporaryFolderAndARunningBuildIsNotStopping()
      throws Exception {
    Path folder = WorkFolder.create("slim-edge-test-");
    try {
      assertThat(folder.getParent())
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
      assertThat(folder).isDirectory();
      assertThat(WorkFolder.stopping()).isFalse();
    } finally {
      WorkFolder.delete(folder);
    }
    assertThat(folder).doesNotExist();
  }
}
