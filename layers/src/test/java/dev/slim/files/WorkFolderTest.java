package dev.slim.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFolderTest {

  @TempDir Path tmp;

  @Test
  void aWorkFolderIsPrivateAndNamedAfterItsProcess() throws Exception {
    Path work = WorkFolder.create(tmp, "slim-build-");
    try {
      assertThat(work.getFileName().toString())
          .matches("slim-build-" + ProcessHandle.current().pid() + "-[0-9]+");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work)))
          .isEqualTo("rwx------");
    } finally {
      WorkFolder.delete(work);
    }
    assertThat(work).doesNotExist();
  }

  @Test
  void theNextRunRemovesWhatADeadRunLeft() throws Exception {
    long dead = OutputFileTest.deadPid();
    Path stale = Files.createDirectories(tmp.resolve("slim-build-" + dead + "-123/blobs"))
        .getParent();
    Files.writeString(stale.resolve("blobs/layer-1.partial"), "x");
    Path live = Files.createDirectory(tmp.resolve("slim-build-1-456"));
    Path oldStyle = Files.createDirectory(tmp.resolve("slim-build-789"));
    Path deep = Files.createDirectory(tmp.resolve("slim-deep-" + dead + "-1"));
    Path notOurs = Files.createDirectory(tmp.resolve("slim-builder-" + dead + "-1"));
    Path file = Files.writeString(tmp.resolve("slim-build-" + dead + "-9"), "a file");

    Path work = WorkFolder.create(tmp, "slim-build-");
    WorkFolder.delete(work);

    assertThat(stale).doesNotExist();
    assertThat(file).as("a dead run's, even as a file").doesNotExist();
    assertThat(live).as("PID 1 is alive").exists();
    assertThat(oldStyle).as("no PID in its name").exists();
    assertThat(deep).as("another prefix: swept by its own kind").exists();
    assertThat(notOurs).exists();
  }

  @Test
  void aFolderOlderThanTheLiveProcessWithItsPidIsStale() throws Exception {
    Path reused = Files.createDirectory(
        tmp.resolve("slim-build-" + ProcessHandle.current().pid() + "-77"));
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    Files.setLastModifiedTime(reused, FileTime.from(started.minusSeconds(60)));
    Path recent = Files.createDirectory(
        tmp.resolve("slim-build-" + ProcessHandle.current().pid() + "-78"));

    WorkFolder.delete(WorkFolder.create(tmp, "slim-build-"));

    assertThat(reused).doesNotExist();
    assertThat(recent).as("made by this process: in use").exists();
  }

  @Test
  void aSymlinkNamedLikeAWorkFolderIsNeverFollowed() throws Exception {
    Path precious = Files.createDirectory(tmp.resolve("precious"));
    Files.writeString(precious.resolve("data"), "keep");
    Path link = Files.createSymbolicLink(
        tmp.resolve("slim-build-" + OutputFileTest.deadPid() + "-1"), precious);

    WorkFolder.delete(WorkFolder.create(tmp, "slim-build-"));

    assertThat(link).exists();
    assertThat(precious.resolve("data")).hasContent("keep");
  }

  @Test
  void aPrefixIsLowercaseWordsEndingInADash() {
    assertThatThrownBy(() -> WorkFolder.create(tmp, ".*"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newFilesAndFoldersAreNumberedAndNeverTakeAnExistingName() throws Exception {
    Path first = WorkFolder.newFile(tmp, "layer-", ".partial");
    assertThat(first).isEmptyFile().hasParent(tmp);
    long n = Long.parseLong(first.getFileName().toString().replaceAll("\\D", ""));
    // the next three numbers are taken, by a file and a folder of another run
    Files.writeString(tmp.resolve("layer-" + (n + 1) + ".partial"), "theirs");
    Files.writeString(tmp.resolve("layer-" + (n + 2) + ".partial"), "theirs too");
    Files.createDirectory(tmp.resolve("layer-" + (n + 3) + ".partial"));
    Path next = WorkFolder.newFile(tmp, "layer-", ".partial");
    assertThat(next.getFileName().toString()).isEqualTo("layer-" + (n + 4) + ".partial");
    assertThat(next).isEmptyFile();
    assertThat(tmp.resolve("layer-" + (n + 1) + ".partial")).hasContent("theirs");
    assertThat(tmp.resolve("layer-" + (n + 2) + ".partial")).hasContent("theirs too");

    Files.createDirectory(tmp.resolve("build-" + (n + 5)));
    Path folder = WorkFolder.newFolder(tmp, "build-");
    assertThat(folder).isDirectory().isEmptyDirectory();
    assertThat(folder.getFileName().toString()).isEqualTo("build-" + (n + 6));
  }

  @Test
  void aMissingFolderIsAnErrorNotALoop() {
    assertThatThrownBy(() -> WorkFolder.newFile(tmp.resolve("gone"), "layer-", ".partial"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThatThrownBy(() -> WorkFolder.newFolder(tmp.resolve("gone"), "build-"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
