package dev.slim.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.inspect.GoBuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SBOM says about a binary and its Go modules, field by field: the checksums a scanner
 * compares, the ids and relationships it follows, and the purls it looks up. Expected values are
 * computed here from the input, independently of slim.
 */
class SpdxContentTest {

  @TempDir Path dir;

  private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.789Z");

  private Path binary(byte[] content) throws Exception {
    Path p = dir.resolve("app");
    Files.write(p, content);
    return p;
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private static JsonNode json(String doc) throws Exception {
    return new ObjectMapper().readTree(doc);
  }

  private static List<String> relationships(JsonNode doc) {
    List<String> out = new ArrayList<>();
    doc.get("relationships").forEach(r -> out.add(r.get("spdxElementId").asText() + " "
        + r.get("relationshipType").asText() + " " + r.get("relatedSpdxElement").asText()));
    return out;
  }

  private static JsonNode pkg(JsonNode doc, String id) {
    for (JsonNode p : doc.get("packages")) {
      if (p.get("SPDXID").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no package " + id);
  }

  @Test
  void namesTheBinaryWithBothChecksumsOfALargeFileAndANamespaceFromItsContent() throws Exception {
    byte[] content = new byte[200_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    JsonNode doc = json(Spdx.document(new SbomRequest("reg.example/team/app:1", binary(content),
        "/usr/bin/app", null, CREATED)));
    JsonNode file = doc.get("files").get(0);
    assertThat(file.get("fileName").asText()).isEqualTo("./usr/bin/app");
    assertThat(file.get("checksums").get(0).get("algorithm").asText()).isEqualTo("SHA1");
    assertThat(file.get("checksums").get(0).get("checksumValue").asText())
        .isEqualTo(hex("SHA-1", content));
    assertThat(file.get("checksums").get(1).get("checksumValue").asText())
        .isEqualTo(hex("SHA-256", content));
    assertThat(doc.get("creationInfo").get("created").asText()).isEqualTo("2025-06-01T12:00:00Z");
    String id = hex("SHA-256", ("reg.example/team/app:1\n/usr/bin/app\n" + hex("SHA-256",
        content)).getBytes(StandardCharsets.UTF_8));
    assertThat(doc.get("documentNamespace").asText())
        .isEqualTo("https://slim.dev/spdxdocs/reg.example-team-app-1-" + id);
    assertThat(relationships(doc)).containsExactly("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image",
        "SPDXRef-Image CONTAINS SPDXRef-File-binary");
  }

  @Test
  void anEmptyBinaryHasTheChecksumsOfNoBytes() throws Exception {
    JsonNode doc = json(Spdx.document(new SbomRequest("app", binary(new byte[0]), "/app", null,
        CREATED)));
    assertThat(doc.get("files").get(0).get("checksums").get(1).get("checksumValue").asText())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void goModulesAreSortedNumberedFromOneAndTheMainModuleDependsOnEach() throws Exception {
    GoBuildInfo go = new GoBuildInfo("go1.22.1", "example.com/app",
        new GoBuildInfo.Module("example.com/app", "(devel)", null, null),
        List.of(new GoBuildInfo.Module("golang.org/x/sys", "v0.1.0", "h1:abc=", null),
            new GoBuildInfo.Module("github.com/a/b", "v1.2.0", null, null)), Map.of());
    JsonNode doc = json(Spdx.document(new SbomRequest("app", binary(new byte[] {1}), "/app", go,
        CREATED)));
    assertThat(pkg(doc, "SPDXRef-Package-go-1").get("name").asText()).isEqualTo("github.com/a/b");
    assertThat(pkg(doc, "SPDXRef-Package-go-2").get("name").asText())
        .isEqualTo("golang.org/x/sys");
    assertThat(pkg(doc, "SPDXRef-Package-go-2").get("comment").asText())
        .isEqualTo("go.sum h1:abc=");
    JsonNode main = pkg(doc, "SPDXRef-Package-go-main");
    assertThat(main.has("versionInfo")).as("(devel) is no version").isFalse();
    assertThat(main.get("externalRefs").get(0).get("referenceLocator").asText())
        .isEqualTo("pkg:golang/example.com/app");
    assertThat(relationships(doc)).containsExactly("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image",
        "SPDXRef-Image CONTAINS SPDXRef-File-binary",
        "SPDXRef-File-binary CONTAINS SPDXRef-Package-go-stdlib",
        "SPDXRef-File-binary CONTAINS SPDXRef-Package-go-main",
        "SPDXRef-File-binary CONTAINS SPDXRef-Package-go-1",
        "SPDXRef-Package-go-main DEPENDS_ON SPDXRef-Package-go-1",
        "SPDXRef-File-binary CONTAINS SPDXRef-Package-go-2",
        "SPDXRef-Package-go-main DEPENDS_ON SPDXRef-Package-go-2");
  }

  @Test
  void withoutAMainModuleNothingDependsOnTheModules() throws Exception {
    GoBuildInfo go = new GoBuildInfo("go1.22.1", null, null,
        List.of(new GoBuildInfo.Module("github.com/a/b", "v1.2.0", null, null)), Map.of());
    JsonNode doc = json(Spdx.document(new SbomRequest("app", binary(new byte[] {1}), "/app", go,
        CREATED)));
    assertThat(relationships(doc)).noneMatch(r -> r.contains("DEPENDS_ON"))
        .contains("SPDXRef-File-binary CONTAINS SPDXRef-Package-go-1");
  }

  @Test
  void aReplacedModuleIsLookedUpUnderItsReplacementUnlessThatIsALocalFolder() throws Exception {
    GoBuildInfo go = new GoBuildInfo("go1.22.1", null, null, List.of(
        new GoBuildInfo.Module("a.example/remote", "v1.0.0", "h1:one=",
            new GoBuildInfo.Module("fork.example/remote", "v1.0.1", null, null)),
        new GoBuildInfo.Module("b.example/local", "v2.0.0", null,
            new GoBuildInfo.Module("./local", null, null, null)),
        new GoBuildInfo.Module("c.example/abs", "v3.0.0", null,
            new GoBuildInfo.Module("/src/abs", "v3.0.1", null, null)),
        new GoBuildInfo.Module("d.example/devel", "v4.0.0", null,
            new GoBuildInfo.Module("fork.example/devel", "(devel)", null, null))), Map.of());
    JsonNode doc = json(Spdx.document(new SbomRequest("app", binary(new byte[] {1}), "/app", go,
        CREATED)));
    JsonNode remote = pkg(doc, "SPDXRef-Package-go-1");
    assertThat(remote.get("name").asText()).isEqualTo("a.example/remote");
    assertThat(remote.get("versionInfo").asText()).isEqualTo("v1.0.1");
    assertThat(remote.get("externalRefs").get(0).get("referenceLocator").asText())
        .isEqualTo("pkg:golang/fork.example/remote@v1.0.1");
    assertThat(remote.get("comment").asText())
        .isEqualTo("replaced by fork.example/remote v1.0.1; go.sum h1:one=");
    JsonNode local = pkg(doc, "SPDXRef-Package-go-2");
    assertThat(local.get("externalRefs").get(0).get("referenceLocator").asText())
        .isEqualTo("pkg:golang/b.example/local@v2.0.0");
    assertThat(local.get("comment").asText()).isEqualTo("replaced by ./local");
    assertThat(pkg(doc, "SPDXRef-Package-go-3").get("externalRefs").get(0)
        .get("referenceLocator").asText()).isEqualTo("pkg:golang/c.example/abs@v3.0.0");
    assertThat(pkg(doc, "SPDXRef-Package-go-4").get("externalRefs").get(0)
        .get("referenceLocator").asText()).isEqualTo("pkg:golang/d.example/devel@v4.0.0");
  }

  @Test
  void basePackagesAreSortedByPurlAndNumberedFromOne() throws Exception {
    JsonNode doc = json(Spdx.document(new SbomRequest("app", binary(new byte[] {1}), "/app", null,
        CREATED, List.of(new SbomRequest.BaseFile("etc/b", "a".repeat(64), "b".repeat(40)),
            new SbomRequest.BaseFile("/etc/a", "c".repeat(64), "d".repeat(40))),
        List.of(new SbomRequest.BasePackage("zlib", "1", "pkg:apk/alpine/zlib@1"),
            new SbomRequest.BasePackage("musl", "2", "pkg:apk/alpine/musl@2")))));
    assertThat(pkg(doc, "SPDXRef-Package-base-1").get("name").asText()).isEqualTo("musl");
    assertThat(pkg(doc, "SPDXRef-Package-base-2").get("name").asText()).isEqualTo("zlib");
    assertThat(doc.get("files").get(1).get("SPDXID").asText()).isEqualTo("SPDXRef-File-base-1");
    assertThat(doc.get("files").get(1).get("fileName").asText()).isEqualTo("./etc/a");
    assertThat(doc.get("files").get(2).get("fileName").asText()).isEqualTo("./etc/b");
  }

  @Test
  void purlsPercentEncodeEveryByteOutsideTheUnreservedSet() {
    assertThat(Spdx.goPurl("example.com/é~_-", "v1/2")).isEqualTo(
        "pkg:golang/example.com/%C3%A9~_-@v1%2F2");
    assertThat(Spdx.goPurl("a b", null)).isEqualTo("pkg:golang/a%20b");
    assertThat(Spdx.goPurl("z\u007f", "ÿ")).isEqualTo("pkg:golang/z%7F@%C3%BF");
  }
}
