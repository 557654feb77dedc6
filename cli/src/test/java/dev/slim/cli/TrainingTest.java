package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

  @Test
  void runsALocalBuildAndTwoPushesToItsOwnStub(@TempDir Path work) throws Exception {
    Training.main(new String[] {CliTest.fixture("go-hello-linux-amd64"), work.toString()});

    assertThat(work.resolve("image.tar")).isNotEmptyFile();
    assertThat(work.resolve("report.md")).isNotEmptyFile();
    // the last report is the second push: the stub kept what the first one sent
    String json = Files.readString(work.resolve("report.json"));
    assertThat(json).contains("\"reference\" : \"127.0.0.1:").contains("/training/app:1@sha256:")
        .contains("\"status\" : \"reused\"").doesNotContain("\"status\" : \"uploaded\"");
  }
}
