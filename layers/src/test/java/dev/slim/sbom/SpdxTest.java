package dev.slim.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpdxTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name);
  }

  private static Schema schema() throws Exception {
    try (InputStream in = SpdxTest.class.getResourceAsStream("/spdx/spdx-schema-2.3.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
  }

  private static String sbomOf(String fixture) throws Exception {
    Inspection inspection = Inspector.inspect(fixture(fixture));
    return Spdx.document(new SbomRequest("127.0.0.1:5000/team/app:1", fixture(fixture), "/app",
        inspection.go(), Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void goBinarySbomIsValidSpdx23() throws Exception {
    String doc = sbomOf("go-hello-linux-amd64");
    assertThat(schema().validate(doc, InputFormat.JSON)).isEmpty();
    JsonNode json = new ObjectMapper().readTree(doc);
    assertThat(json.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(json.path("creationInfo").path("created").asText())
        .isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void listsTheBinaryWithItsSha256() throws Exception {
    JsonNode json = new ObjectMapper().readTree(sbomOf("c-musl-static"));
    JsonNode file = json.path("files").get(0);
    assertThat(file.path("fileName").asText()).isEqualTo("./app");
    String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest
        .getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(fixture("c-musl-static"))));
    assertThat(file.path("checksums").toString()).contains("\"SHA256\"").contains(sha256);
    assertThat(schema().validate(json.toString(), InputFormat.JSON)).isEmpty();
  }

  @Test
  void listsEveryGoModuleAsAPurl() throws Exception {
    JsonNode json = new ObjectMapper().readTree(sbomOf("go-hello-linux-amd64"));
    List<String> purls = new ArrayList<>();
    json.path("packages").forEach(p -> p.path("externalRefs")
        .forEach(r -> purls.add(r.path("referenceLocator").asText())));
    assertThat(purls).contains("pkg:golang/stdlib@go1.19.8", "pkg:golang/example.com/slim/hello");
    assertThat(purls).anySatisfy(p -> assertThat(p).startsWith("pkg:golang/example.com/slim/greet"));
  }

  @Test
  void sameInputSameBytes() throws Exception {
    assertThat(sbomOf("go-hello-linux-arm64")).isEqualTo(sbomOf("go-hello-linux-arm64"));
  }

  @Test
  void purlEncodesWhatItMustNotHold() {
    assertThat(Spdx.goPurl("github.com/a/b", "v1.0.0+incompatible"))
        .isEqualTo("pkg:golang/github.com/a/b@v1.0.0%2Bincompatible");
  }

  @Test
  void baseFilesAndPackagesAreListedSorted() throws Exception {
    String doc = Spdx.document(new SbomRequest("app", fixture("c-musl-static"), "/app", null,
        Instant.EPOCH, List.of(new SbomRequest.BaseFile("/etc/passwd", "a".repeat(64),
            "b".repeat(40)), new SbomRequest.BaseFile("/etc/group", "c".repeat(64),
            "d".repeat(40))),
        List.of(new SbomRequest.BasePackage("musl", "1.2.4-r2", "pkg:apk/alpine/musl@1.2.4-r2"))));
    assertThat(schema().validate(doc, InputFormat.JSON)).isEmpty();
    assertThat(doc.indexOf("./etc/group")).isLessThan(doc.indexOf("./etc/passwd"));
    assertThat(doc).contains("pkg:apk/alpine/musl@1.2.4-r2");
  }

  @Test
  void theSchemaRejectsADocumentWithoutRequiredFields() throws Exception {
    assertThat(schema().validate("{\"spdxVersion\":\"SPDX-2.3\"}", InputFormat.JSON)).isNotEmpty();
  }
}
