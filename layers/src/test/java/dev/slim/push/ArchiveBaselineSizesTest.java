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
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size an OCI layout archive's image counts for: a gzip or zstd layer as stored, however
 * short; any other as gzip -6 makes it, also past the first MiB read; the index's platform
 * entries and nesting; the largest index read.
 */
@Timeout(60)
class ArchiveBaselineSizesTest {

  private static final Platform AMD64 = Platform.linux("amd64");

  @TempDir Path dir;

  private int archives;

  private static void write(Path path, byte[] content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, content);
  }

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int gzipSize(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.size();
  }

  /** An OCI layout tar whose index.json is {@code index}, with these extra blobs. */
  private Path layout(String index, Object... blobs) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree" + (++archives)));
    write(tree.resolve("index.json"), utf8(index));
    for (int i = 0; i < blobs.length; i += 2) {
      String name = (String) blobs[i];
      byte[] content = blobs[i + 1] instanceof String s ? utf8(s) : (byte[]) blobs[i + 1];
      write(tree.resolve("blobs/sha256/" + name.substring(7)), content);
    }
    Path archive = dir.resolve("layout" + archives + ".tar");
    GnuTar.tar(tree, archive, "pax", List.of("blobs", "index.json"));
    return archive;
  }

  /** An archive of one image with one layer of these bytes and a 7-byte config. */
  private Path oneLayer(byte[] layer) throws Exception {
    return layout("{\"manifests\":[{\"digest\":\"" + digest('m') + "\"}]}",
        digest('m'), "{\"config\":{\"size\":7},\"layers\":[{\"digest\":\"" + digest('l')
            + "\"}]}", digest('l'), layer);
  }

  private long size(Path archive) throws SlimException {
    return Baselines.fromArchive(archive, AMD64).found().compressedSize();
  }

  @Test
  void aLayerOfJustTheGzipOrZstdMagicCountsAsStored() throws Exception {
    assertThat(size(oneLayer(new byte[] {0x1f, (byte) 0x8b}))).isEqualTo(7 + 2);
    assertThat(size(oneLayer(new byte[] {0x28, (byte) 0xb5}))).isEqualTo(7 + 2);
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(size(oneLayer(zstd))).isEqualTo(7 + zstd.length);
  }

  @Test
  void aLayerThatOnlyStartsLikeZstdIsCompressed() throws Exception {
    byte[] plain = utf8("(" + "not zstd at all ".repeat(300));
    byte[] halfMagic = plain.clone();
    halfMagic[0] = 'x';
    halfMagic[1] = (byte) 0xb5;

    assertThat(size(oneLayer(plain))).isEqualTo(7 + gzipSize(plain));
    assertThat(size(oneLayer(halfMagic))).isEqualTo(7 + gzipSize(halfMagic));
  }

  @Test
  void aPlainLayerLargerThanOneReadCountsWhatGzipMakesOfAllOfIt() throws Exception {
    byte[] layer = new byte[(3 << 20) / 2];
    new Random(17).nextBytes(layer);
    for (int i = 0; i < layer.length; i += 3) {
      layer[i] = 'a';
    }

    assertThat(size(oneLayer(layer))).isEqualTo(7 + gzipSize(layer));
  }

  @Test
  void theIndexEntryForThePlatformIsChosen() throws Exception {
    Path archive = layout("{\"manifests\":["
        + "{\"digest\":\"" + digest('a') + "\",\"platform\":{\"os\":\"linux\","
        + "\"architecture\":\"arm64\"}},"
        + "{\"digest\":\"" + digest('b') + "\",\"platform\":{\"os\":\"linux\","
        + "\"architecture\":\"amd64\"}}]}",
        digest('a'), "{\"config\":{\"size\":11},\"layers\":[]}",
        digest('b'), "{\"config\":{\"size\":22},\"layers\":[]}");

    assertThat(size(archive)).isEqualTo(22);
    assertThat(Baselines.fromArchive(archive, Platform.linux("arm64")).found().compressedSize())
        .isEqualTo(11);
    assertThat(Baselines.fromArchive(archive, Platform.linux("s390x")).found()).isNull();
  }

  @Test
  void indexesNestedThreeDeepAreFollowedButNotFourDeep() throws Exception {
    String manifest = "{\"config\":{\"size\":5},\"layers\":[]}";
    Path three = layout(nested('a'), digest('a'), nested('b'), digest('b'), nested('c'),
        digest('c'), manifest);
    Path four = layout(nested('a'), digest('a'), nested('b'), digest('b'), nested('c'),
        digest('c'), nested('d'), digest('d'), manifest);

    assertThat(size(three)).isEqualTo(5);
    assertThat(Baselines.fromArchive(four, AMD64).found()).isNull();
  }

  private static String nested(char child) {
    return "{\"manifests\":[{\"digest\":\"" + digest(child) + "\"}]}";
  }

  @Test
  void anIndexOfExactlyTheLimitIsReadAndOneByteMoreIsNot() throws Exception {
    String index = "{\"manifests\":[{\"digest\":\"" + digest('m') + "\"}]}";
    int limit = 4 * 1024 * 1024;
    String manifest = "{\"config\":{\"size\":3},\"layers\":[]}";
    Path fits = layout(index + " ".repeat(limit - index.length()), digest('m'), manifest);
    Path over = layout(index + " ".repeat(limit - index.length() + 1), digest('m'), manifest);

    assertThat(size(fits)).isEqualTo(3);
    assertThatThrownBy(() -> Baselines.fromArchive(over, AMD64))
        .isInstanceOf(SlimException.class)
        .hasMessageEndingWith(": archive has no readable image index or manifest");
  }

  @Test
  void aBrokenJsonFileIsNamedInFullUpTo120Characters() throws Exception {
    String name = "c".repeat(115) + ".json";
    Path tree = Files.createDirectories(dir.resolve("save"));
    write(tree.resolve(name), utf8("{oops"));
    write(tree.resolve("manifest.json"), utf8("[{\"Config\":\"" + name + "\",\"Layers\":[]}]"));
    Path archive = dir.resolve("save.tar");
    GnuTar.tar(tree, archive, "gnu", List.of(name, "manifest.json"));

    assertThatThrownBy(() -> Baselines.fromArchive(archive, AMD64))
        .isInstanceOf(SlimException.class)
        .hasMessageContaining(": " + name + " is not valid JSON (line 1");
  }
}
