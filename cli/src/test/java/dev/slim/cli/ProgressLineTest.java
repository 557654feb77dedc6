package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void printsOnePlainLinePerStepWithoutATerminal() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), false);
    progress.update("compressing binary /app", 0, 100);
    progress.update("compressing binary /app", 50, 100);
    progress.update("uploading sha256:abc", 0, 10);
    progress.finish();
    assertThat(err.toString())
        .isEqualTo("compressing binary /app...\nuploading sha256:abc...\n");
  }

  @Test
  void printsEachStepOnceWhenStepsInterleave() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), false);
    // two uploads side by side report their start and end in turn
    progress.update("uploading sha256:aaa", 0, 10);
    progress.update("uploading sha256:bbb", 0, 5);
    progress.update("uploading sha256:aaa", 10, 10);
    progress.update("uploading sha256:bbb", 5, 5);
    assertThat(err.toString())
        .isEqualTo("uploading sha256:aaa...\nuploading sha256:bbb...\n");
  }

  @Test
  void rewritesOneLiveLineOnATerminalAndClearsIt() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), true);
    progress.update("compressing binary /app", 0, 100);
    progress.update("compressing binary /app", 100, 100);
    progress.finish();
    assertThat(err.toString()).isEqualTo("\r\033[Kcompressing binary /app 0%"
        + "\r\033[Kcompressing binary /app 100%\r\033[K");
  }

  @Test
  void aStepThatHappenedGetsNoEllipsisAndOneUnderWayDoes() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), false);
    progress.done("reused sha256:aaa (the registry has it)");
    progress.update("compressing binary /app", 5, 5);
    progress.update("uploading sha256:bbb", 0, 5);
    progress.done("uploaded sha256:bbb");
    progress.update("pushing manifest", 0, -1);
    assertThat(err.toString()).isEqualTo("reused sha256:aaa (the registry has it)\n"
        + "compressing binary /app...\nuploading sha256:bbb...\nuploaded sha256:bbb\n"
        + "pushing manifest...\n");
  }
}
