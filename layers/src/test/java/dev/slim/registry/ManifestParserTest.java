package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ManifestParser} and {@link Manifest}: which media type a manifest is taken as, what
 * malformed descriptors are refused with, and the values a caller reads off the result.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ManifestParserTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final Failures FAILURES =
      new Failures(Endpoint.of("r.example"), null, List::of, Timeouts.defaults());

  private static final String IMAGE = "{\"schemaVersion\":2,"
      + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + A
      + "\",\"size\":100},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER
      + "\",\"digest\":\"" + B + "\",\"size\":2000},{\"mediaType\":\"" + MediaTypes.OCI_LAYER
      + "\",\"digest\":\"" + C + "\",\"size\":30000}]}";
  private static final String INDEX = "{\"schemaVersion\":2,\"manifests\":["
      + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + A + "\",\"size\":5,"
      + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}},"
      + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + B + "\",\"size\":6}]}";

  private static Manifest parse(String json, String contentType) throws RegistryException {
    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
    return ManifestParser.parse(raw, ContentDigest.sha256(raw), contentType, "app:1", FAILURES);
  }

  @Test
  void theContentTypeDecidesWithoutItsParameters() throws Exception {
    assertThat(parse(IMAGE, MediaTypes.DOCKER_MANIFEST + "; charset=utf-8").mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(parse(IMAGE, " " + MediaTypes.DOCKER_MANIFEST + " ").mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void aMissingOrGenericContentTypeLetsTheJsonDecide() throws Exception {
    String declared = IMAGE.replace("{\"schemaVersion\":2,",
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",");
    for (String generic : List.of("", "application/json", "text/plain",
        "application/octet-stream", "application/json; charset=utf-8")) {
      assertThat(parse(declared, generic).mediaType()).as(generic)
          .isEqualTo(MediaTypes.DOCKER_MANIFEST);
      assertThat(parse(IMAGE, generic).mediaType()).as(generic)
          .isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(parse(INDEX, generic).mediaType()).as(generic).isEqualTo(MediaTypes.OCI_INDEX);
    }
    assertThat(parse(declared, MediaTypes.OCI_MANIFEST).mediaType())
        .isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void readsConfigLayersAndTheirTotalSize() throws Exception {
    Manifest image = parse(IMAGE, MediaTypes.OCI_MANIFEST);
    assertThat(image.isIndex()).isFalse();
    assertThat(image.config()).isEqualTo(new Descriptor(MediaTypes.OCI_CONFIG, A, 100));
    assertThat(image.layers()).extracting(Descriptor::digest).containsExactly(B, C);
    assertThat(image.children()).isEmpty();
    assertThat(image.blobsSize()).isEqualTo(32_100);
  }

  @Test
  void readsTheChildrenOfAnIndexWithTheirPlatforms() throws Exception {
    Manifest index = parse(INDEX, MediaTypes.OCI_INDEX);
    assertThat(index.isIndex()).isTrue();
    assertThat(index.config()).isNull();
    assertThat(index.blobsSize()).isZero();
    assertThat(index.children()).containsExactly(
        new Manifest.Child(MediaTypes.OCI_MANIFEST, A, 5, "linux", "arm", "v7"),
        new Manifest.Child(MediaTypes.OCI_MANIFEST, B, 6, null, null, null));
    assertThat(parse(INDEX, MediaTypes.DOCKER_LIST).isIndex()).isTrue();
  }

  @Test
  void refusesWhatIsNotAJsonObject() {
    for (String bad : List.of("[1,2]", "\"text\"", "not json", "")) {
      assertThatThrownBy(() -> parse(bad, MediaTypes.OCI_MANIFEST))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
          .hasMessage("manifest app:1 is not a JSON object");
    }
  }

  @Test
  void refusesADescriptorWithoutDigestMediaTypeOrNumericSize() {
    String prefix = "manifest app:1 has a malformed descriptor: ";
    assertThatThrownBy(() -> parse("{\"config\":{\"mediaType\":\"x\",\"size\":1}}", ""))
        .hasMessage(prefix + "no \"digest\"");
    assertThatThrownBy(() -> parse("{\"layers\":[{\"digest\":\"" + A + "\",\"size\":1}]}", ""))
        .hasMessage(prefix + "no \"mediaType\"");
    assertThatThrownBy(() -> parse("{\"layers\":[{\"mediaType\":\"x\",\"digest\":\"" + A
        + "\",\"size\":\"12\"}]}", "")).hasMessage(prefix + "no numeric \"size\"");
    assertThatThrownBy(() -> parse("{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"" + A
        + "\"}]}", "")).hasMessage(prefix + "no numeric \"size\"");
    assertThatThrownBy(() -> parse("{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"" + A
        + "\",\"size\":-1}]}", "")).hasMessage(prefix + "negative size -1 for " + A);
    assertThatThrownBy(() -> parse("{\"config\":{\"mediaType\":\"x\",\"digest\":\"nope\","
        + "\"size\":1}}", "")).hasMessage(prefix + "not a digest: nope");
  }

  @Test
  void aManifestIsItsBytesAndGivesOutCopies() throws Exception {
    Manifest one = parse(IMAGE, MediaTypes.OCI_MANIFEST);
    Manifest same = parse(IMAGE, MediaTypes.OCI_MANIFEST);
    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(one.hashCode()).isEqualTo(one.digest().hashCode());
    assertThat(one).isNotEqualTo(parse(IMAGE, MediaTypes.DOCKER_MANIFEST));
    assertThat(one).isNotEqualTo(parse(IMAGE + " ", MediaTypes.OCI_MANIFEST));
    assertThat(one).isNotEqualTo(new Manifest(one.mediaType(), one.digest(),
        "{}".getBytes(StandardCharsets.UTF_8), null, List.of(), List.of()));
    assertThat(one).isNotEqualTo(one.digest());

    byte[] raw = one.raw();
    assertThat(raw).isEqualTo(IMAGE.getBytes(StandardCharsets.UTF_8));
    raw[0] = 'X';
    assertThat(one.raw()[0]).isEqualTo((byte) '{');
    assertThat(one).hasToString("Manifest[" + MediaTypes.OCI_MANIFEST + ", " + one.digest()
        + ", " + IMAGE.length() + " bytes]");
  }
}
