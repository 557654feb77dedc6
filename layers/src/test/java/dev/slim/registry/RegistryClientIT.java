package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.RegistryExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegistryClient} against Debian's docker-registry (CNCF Distribution). */
class RegistryClientIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();
  private static RegistryClient client;

  @TempDir Path tmp;

  @BeforeAll
  static void connect() throws Exception {
    client = RegistryClient.builder(registry.host()).userAgent("slim-test").build();
  }

  private static String repo(String name) {
    return "it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void uploadsABlobOnceAndThenFindsIt() throws Exception {
    String repo = repo("blob");
    byte[] bytes = "a small blob".getBytes(StandardCharsets.UTF_8);
    String digest = ContentDigest.sha256(bytes);

    assertThat(client.blobSize(repo, digest)).isEmpty();
    assertThat(client.pushBlob(repo, digest, bytes.length, BlobSource.of(bytes), null))
        .isEqualTo(UploadResult.UPLOADED);
    assertThat(client.blobSize(repo, digest)).contains((long) bytes.length);
    assertThat(client.pushBlob(repo, digest, bytes.length, BlobSource.of(bytes), null))
        .isEqualTo(UploadResult.EXISTED);
    assertThat(client.getBlob(repo, digest)).isEqualTo(bytes);
  }

  @Test
  void streamsALargeFileFromDisk() throws Exception {
    String repo = repo("large");
    byte[] bytes = new byte[12 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("layer"), bytes);
    String digest = ContentDigest.sha256(bytes);

    assertThat(client.pushBlob(repo, digest, bytes.length, BlobSource.of(file), null))
        .isEqualTo(UploadResult.UPLOADED);
    assertThat(client.blobSize(repo, digest)).contains((long) bytes.length);
  }

  @Test
  void refusesAnUploadWhoseBytesDoNotMatchTheDigest() {
    String repo = repo("mismatch");
    byte[] bytes = "these bytes".getBytes(StandardCharsets.UTF_8);
    String wrong = ContentDigest.sha256("other bytes".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> client.pushBlob(repo, wrong, bytes.length, BlobSource.of(bytes),
        null))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage("cannot upload blob " + wrong + " to " + repo + " on registry "
            + registry.host() + ": unexpected answer 400 Bad Request; DIGEST_INVALID: provided"
            + " digest did not match uploaded content");
  }

  @Test
  void mountsABlobFromAnotherRepository() throws Exception {
    String from = repo("base");
    String to = repo("app");
    byte[] bytes = "shared layer".getBytes(StandardCharsets.UTF_8);
    String digest = ContentDigest.sha256(bytes);
    client.pushBlob(from, digest, bytes.length, BlobSource.of(bytes), null);

    assertThat(client.pushBlob(to, digest, bytes.length, BlobSource.of(bytes), from))
        .isEqualTo(UploadResult.MOUNTED);
    assertThat(client.blobSize(to, digest)).contains((long) bytes.length);
  }

  @Test
  void uploadsWhenTheMountSourceLacksTheBlob() throws Exception {
    String to = repo("app");
    byte[] bytes = "not in base".getBytes(StandardCharsets.UTF_8);
    String digest = ContentDigest.sha256(bytes);

    assertThat(client.pushBlob(to, digest, bytes.length, BlobSource.of(bytes), repo("empty")))
        .isEqualTo(UploadResult.UPLOADED);
    assertThat(client.getBlob(to, digest)).isEqualTo(bytes);
  }

  @Test
  void putsAnOciManifestAndReadsItBackByTagAndDigest() throws Exception {
    String repo = repo("manifest");
    Image image = pushImage(repo, "v1");

    Manifest byTag = client.getManifest(repo, "v1").orElseThrow();
    Manifest byDigest = client.getManifest(repo, image.digest).orElseThrow();

    assertThat(byTag.digest()).isEqualTo(image.digest);
    assertThat(byTag.raw()).isEqualTo(image.manifest);
    assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(byTag.isIndex()).isFalse();
    assertThat(byTag.config()).isEqualTo(new Descriptor(
        "application/vnd.oci.image.config.v1+json", image.configDigest, image.config.length));
    assertThat(byTag.layers()).containsExactly(new Descriptor(
        "application/vnd.oci.image.layer.v1.tar+gzip", image.layerDigest, image.layer.length));
    assertThat(byTag.blobsSize()).isEqualTo(image.config.length + image.layer.length);
    assertThat(byDigest).isEqualTo(byTag);
    assertThat(client.getBlob(repo, image.configDigest)).isEqualTo(image.config);
  }

  @Test
  void putsAnIndexAndReadsItsChildren() throws Exception {
    String repo = repo("index");
    Image image = pushImage(repo, "amd64");
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\","
        + "\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
        + image.digest + "\",\"size\":" + image.manifest.length + ",\"platform\":"
        + "{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);

    String digest = client.putManifest(repo, "multi", index, MediaTypes.OCI_INDEX);
    Manifest read = client.getManifest(repo, "multi").orElseThrow();

    assertThat(read.digest()).isEqualTo(digest);
    assertThat(read.isIndex()).isTrue();
    assertThat(read.children()).containsExactly(new Manifest.Child(MediaTypes.OCI_MANIFEST,
        image.digest, image.manifest.length, "linux", "amd64", null));
  }

  @Test
  void findsNoManifestForAnUnknownTagOrRepository() throws Exception {
    String repo = repo("known");
    pushImage(repo, "v1");

    assertThat(client.getManifest(repo, "v2")).isEmpty();
    assertThat(client.getManifest(repo("unknown"), "v1")).isEmpty();
  }

  @Test
  void listsAllTagsWhenAskedForPagesOfFive() throws Exception {
    // Distribution 2.8 ignores n for tags (it pages only the catalog); newer registries page
    // with Link headers, which RegistryClientTest covers. Either way every tag comes back once.
    String repo = repo("tags");
    Image image = pushImage(repo, "t00");
    List<String> expected = new ArrayList<>(List.of("t00"));
    for (int i = 1; i < 12; i++) {
      String tag = String.format("t%02d", i);
      client.putManifest(repo, tag, image.manifest, MediaTypes.OCI_MANIFEST);
      expected.add(tag);
    }

    assertThat(client.tags(repo, 5)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(client.tags(repo)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void followsCatalogPagination() throws Exception {
    String prefix = repo("catalog");
    List<String> repos = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      repos.add(prefix + "/r" + i);
      pushImage(prefix + "/r" + i, "v1");
    }
    List<String> all = client.catalog();
    int before = client.requestCount();

    List<String> paged = client.catalog(2);

    assertThat(paged).containsAll(repos).containsExactlyElementsOf(all);
    assertThat(client.requestCount() - before).as("pages of two")
        .isGreaterThanOrEqualTo((all.size() + 1) / 2);
  }

  @Test
  void deletesAManifestByDigest() throws Exception {
    String repo = repo("delete");
    Image image = pushImage(repo, "v1");

    client.deleteManifest(repo, image.digest);

    assertThat(client.getManifest(repo, image.digest)).isEmpty();
  }

  @Test
  void reportsTagsOfAnUnknownRepositoryAsNotFound() {
    assertThatThrownBy(() -> client.tags("it/never-pushed"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessage("cannot list the tags of it/never-pushed on registry " + registry.host()
            + ": not found (404 Not Found; NAME_UNKNOWN: repository name not known to registry)");
  }

  @Test
  void reportsAnUnknownBlobAsNotFound() {
    String digest = ContentDigest.sha256(new byte[] {1});

    assertThatThrownBy(() -> client.getBlob(repo("none"), digest))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void reportsAPortWithNoRegistryAsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    RegistryClient nowhere = RegistryClient.builder("127.0.0.1:" + port).build();

    assertThatThrownBy(() -> nowhere.tags("app"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessage("cannot reach registry 127.0.0.1:" + port + ": connection refused — is the"
            + " address right and the registry running?");
  }

  /** A tiny image: a config blob, a layer blob and a manifest, pushed under a tag. */
  private record Image(byte[] config, String configDigest, byte[] layer, String layerDigest,
      byte[] manifest, String digest) {}

  static Image pushImage(RegistryClient client, String repo, String tag) throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
        + "\"layers\",\"diff_ids\":[]},\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + repo).getBytes(StandardCharsets.UTF_8);
    String configDigest = ContentDigest.sha256(config);
    String layerDigest = ContentDigest.sha256(layer);
    client.pushBlob(repo, configDigest, config.length, BlobSource.of(config), null);
    client.pushBlob(repo, layerDigest, layer.length, BlobSource.of(layer), null);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\","
        + "\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    String digest = client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
    assertThat(digest).isEqualTo(ContentDigest.sha256(manifest));
    return new Image(config, configDigest, layer, layerDigest, manifest, digest);
  }

  private static Image pushImage(String repo, String tag) throws Exception {
    return pushImage(client, repo, tag);
  }
}
