package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.GnuTar;
import dev.slim.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --baseline FILE} on archives GNU tar writes, with names longer than ustar holds. */
class ArchiveBaselineTest {

  static final Platform AMD64 = Platform.linux("amd64");
  static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";

  @TempDir Path dir;

  @Test
  void sizesADockerSaveArchiveWhoseLayerPathNeedsAGnuLongName() throws Exception {
    byte[] layer = gzip("layer content ".repeat(100));
    String layerPath = "f".repeat(64) + "/" + "x".repeat(80) + "/layer.tar";
    Path tree = Files.createDirectories(dir.resolve("docker"));
    write(tree.resolve(layerPath), layer);
    write(tree.resolve("config.json"), CONFIG.getBytes(StandardCharsets.UTF_8));
    write(tree.resolve("manifest.json"), ("[{\"Config\":\"config.json\",\"Layers\":[\""
        + layerPath + "\"]}]").getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve("docker.tar");
    GnuTar.tar(tree, archive, "gnu", List.of("config.json", "f".repeat(64), "manifest.json"));

    Baseline.Lookup lookup = Baselines.fromArchive(archive, AMD64);

    assertThat(lookup.found().compressedSize()).isEqualTo(CONFIG.length() + layer.length);
  }

  @Test
  void sizesAPaxOciLayoutArchiveAndCountsAPlainLayerAsGzipWouldMakeIt() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("oci"));
    byte[] plain = "plain layer bytes\n".repeat(500).getBytes(StandardCharsets.UTF_8);
    write(tree.resolve("blobs/sha256/" + "b".repeat(64)), plain);
    write(tree.resolve("blobs/sha256/" + "m".repeat(64)), ("{\"config\":{\"size\":7},"
        + "\"layers\":[{\"digest\":\"sha256:" + "b".repeat(64) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8));
    write(tree.resolve("index.json"), ("{\"manifests\":[{\"digest\":\"sha256:" + "m".repeat(64)
        + "\"}]}").getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve("oci.tar");
    GnuTar.tar(tree, archive, "pax", List.of("blobs", "index.json"));

    Baseline.Lookup lookup = Baselines.fromArchive(archive, AMD64);

    assertThat(lookup.found().compressedSize()).isEqualTo(7 + gzip(new String(plain,
        StandardCharsets.UTF_8)).length);
  }

  @Test
  void aTruncatedArchiveIsAUsageErrorNamingTheFile() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("cut"));
    write(tree.resolve("manifest.json"), new byte[5000]);
    Path archive = dir.resolve("cut.tar");
    GnuTar.tar(tree, archive, "gnu", List.of("manifest.json"));
    Files.write(archive, Arrays.copyOf(Files.readAllBytes(archive), 2048));

    assertThatThrownBy(() -> Baselines.fromArchive(archive, AMD64)).isInstanceOf(SlimException.class)
        .hasMessage("cannot read the baseline archive " + archive
            + ": not a tar archive, or a truncated one");
  }

  @Test
  void aManifestThatIsNotJsonIsNamedWithItsPosition() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("bad"));
    write(tree.resolve("manifest.json"), "[{\n  nope".getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve("bad.tar");
    GnuTar.tar(tree, archive, "gnu", List.of("manifest.json"));

    assertThatThrownBy(() -> Baselines.fromArchive(archive, AMD64)).isInstanceOf(SlimException.class)
        .hasMessage("cannot read the baseline archive " + archive
            + ": manifest.json is not valid JSON (line 2, column 3)");
  }

  private static void write(Path path, byte[] content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, content);
  }

  /** What gzip -6 with an empty header makes; the baseline counts the same deflate. */
  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aDockerSaveArchiveOfAnotherPlatformIsNoBaseline() throws Exception {
    Path archive = dockerSave(List.of(CONFIG));

    Baseline.Lookup lookup = Baselines.fromArchive(archive, Platform.linux("arm64"));

    assertThat(lookup.found()).isNull();
    assertThat(lookup.exists()).isTrue();
    assertThat(lookup.missing()).isEqualTo(archive + " holds no linux/arm64 image");
  }

  @Test
  void aDockerSaveArchiveOfTwoImagesGivesTheOneForThePlatform() throws Exception {
    String arm = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"pad\":\"xxxxxxxxxx\"}";
    Path archive = dockerSave(List.of(CONFIG, arm));

    assertThat(Baselines.fromArchive(archive, Platform.linux("arm64")).found().compressedSize())
        .isEqualTo(arm.length() + gzip("layer 1").length);
    assertThat(Baselines.fromArchive(archive, AMD64).found().compressedSize())
        .isEqualTo(CONFIG.length() + gzip("layer 0").length);
  }

  @Test
  void anOciArchiveWithoutPlatformsIsJudgedByItsImageConfig() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("oci-config"));
    write(tree.resolve("blobs/sha256/" + "c".repeat(64)), CONFIG.getBytes(StandardCharsets.UTF_8));
    write(tree.resolve("blobs/sha256/" + "m".repeat(64)), ("{\"config\":{\"size\":"
        + CONFIG.length() + ",\"digest\":\"sha256:" + "c".repeat(64) + "\"},\"layers\":[]}")
        .getBytes(StandardCharsets.UTF_8));
    write(tree.resolve("index.json"), ("{\"manifests\":[{\"digest\":\"sha256:" + "m".repeat(64)
        + "\"}]}").getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve("oci-config.tar");
    GnuTar.tar(tree, archive, "pax", List.of("blobs", "index.json"));

    assertThat(Baselines.fromArchive(archive, AMD64).found().compressedSize())
        .isEqualTo(CONFIG.length());
    assertThat(Baselines.fromArchive(archive, Platform.linux("arm64")).found()).isNull();
  }

  /** A docker save archive with one image per config, each with one small gzip'd layer. */
  private Path dockerSave(List<String> configs) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("save" + configs.size()));
    StringBuilder manifest = new StringBuilder("[");
    List<String> names = new java.util.ArrayList<>(List.of("manifest.json"));
    for (int i = 0; i < configs.size(); i++) {
      write(tree.resolve("config" + i + ".json"), configs.get(i).getBytes(StandardCharsets.UTF_8));
      write(tree.resolve("layer" + i + ".tar"), gzip("layer " + i));
      manifest.append(i == 0 ? "" : ",").append("{\"Config\":\"config").append(i)
          .append(".json\",\"Layers\":[\"layer").append(i).append(".tar\"]}");
      names.add("config" + i + ".json");
      names.add("layer" + i + ".tar");
    }
    write(tree.resolve("manifest.json"), (manifest + "]").getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve("save" + configs.size() + ".tar");
    GnuTar.tar(tree, archive, "gnu", names);
    return archive;
  }

}
