package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker never expands exec-form CMD, slim build expands {@code ${VAR}} in slim.yaml: a migrated
 * {@code CMD ["--token", "${CI_JOB_TOKEN}"]} must not put the CI token into the image.
 */
class MigrateLiteralDollarIT {

  @TempDir Path tmp;

  @Test
  void aTokenVariableInExecFormCmdStaysLiteralInTheBuiltImage() throws Exception {
    Files.copy(SlimProcess.fixture("c-musl-static"), tmp.resolve("app"));
    Files.writeString(tmp.resolve("Dockerfile"), "FROM scratch\nCOPY app /app\n"
        + "ENTRYPOINT [\"/app\"]\nCMD [\"--token\", \"${CI_JOB_TOKEN}\"]\n");
    SlimProcess.Run migrated = SlimProcess.run(tmp, "migrate", "-o", "slim.yaml");
    assertThat(migrated.exit()).as(migrated.err()).isZero();

    SlimProcess.Run built = SlimProcess.run(tmp, Map.of("CI_JOB_TOKEN", "secret-token-value"),
        null, "build", "-o", "image.tar");
    assertThat(built.exit()).as(built.err()).isZero();
    assertThat(built.all()).doesNotContain("secret-token-value");

    JsonNode config = new ObjectMapper().readTree(SlimProcess.tool(tmp, "skopeo", "inspect",
        "--config", "oci-archive:image.tar"));
    assertThat(config.path("config").path("Cmd").toString())
        .isEqualTo("[\"--token\",\"${CI_JOB_TOKEN}\"]");
  }
}
