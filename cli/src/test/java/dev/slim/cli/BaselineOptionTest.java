package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --baseline} (and {@code migrate --compare}) that names a file: it must be there. */
class BaselineOptionTest {

  @TempDir Path tmp;

  @Test
  void aMissingBaselineArchiveIsAUsageErrorNamingTheFile() {
    Path out = tmp.resolve("x.tar");

    CliTest.Result r = run("build", fixture("c-musl-static"), "-o", out.toString(),
        "--baseline", "./missing.tar");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --baseline ./missing.tar: file not found\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingAbsoluteArchiveIsAFileNotAHostName() {
    String missing = tmp.resolve("gone/old.tar").toString();

    CliTest.Result r = run("build", fixture("c-musl-static"), "-o",
        tmp.resolve("x.tar").toString(), "--baseline", missing);

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --baseline " + missing + ": file not found\n");
  }

  @Test
  void aFolderIsNotABaseline() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "-o",
        tmp.resolve("x.tar").toString(), "--baseline", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --baseline " + tmp + ": is a folder; give an archive"
        + " (docker save -o FILE.tar IMAGE) or an image reference\n");
  }

  @Test
  void aMissingCompareArchiveIsAUsageErrorNamingTheOption() {
    CliTest.Result r = run("migrate", fixture("dockerfiles/go-args-scratch/Dockerfile"),
        "--compare", "./old.tar");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --compare ./old.tar: file not found\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anArchiveWithoutAnImageSaysSoInTheNote() throws Exception {
    Path empty = Files.write(tmp.resolve("empty.tar"), new byte[1024]);
    Path report = tmp.resolve("r.json");

    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "-o",
        tmp.resolve("new.tar").toString(), "--baseline", empty.toString(), "--report-json",
        report.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(Files.readString(report)).path("size").path("before")
        .path("note").asText()).isEqualTo("no baseline: " + empty + " holds no linux/amd64 image");
  }
}
