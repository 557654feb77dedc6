package dev.slim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The invariants every image slim writes must hold, checked from its raw bytes (in the spirit of
 * go-containerregistry's validate.Image): digests and sizes of manifest, config and layers match
 * their bytes; each layer gunzips to a well-formed tar whose sha256 is the config's diff_id; one
 * history entry per layer; platform fields present. Returns the layers' files for further checks.
 */
public final class ImageCheck {

  /** Reads a blob by digest. */
  @FunctionalInterface
  public interface Blobs {
    byte[] get(String digest) throws IOException;
  }

  /** One file or directory found in a layer's tar. */
  public record TarFile(String name, char type, int mode, int uid, int gid, long mtime,
      byte[] content) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageCheck() {}

  /** Checks an image given its manifest bytes and a blob reader; returns the config JSON. */
  public static JsonNode check(byte[] manifestBytes, String expectedDigest, Blobs blobs,
      Map<String, List<TarFile>> filesByLayer) throws IOException {
    if (expectedDigest != null) {
      require(sha256(manifestBytes).equals(expectedDigest), "manifest digest mismatch");
    }
    JsonNode manifest = JSON.readTree(manifestBytes);
    require(manifest.path("schemaVersion").asInt() == 2, "schemaVersion must be 2");
    String mediaType = manifest.path("mediaType").asText();
    require(mediaType.equals("application/vnd.oci.image.manifest.v1+json")
        || mediaType.equals("application/vnd.docker.distribution.manifest.v2+json"),
        "unexpected manifest media type " + mediaType);
    JsonNode configDescriptor = manifest.path("config");
    byte[] configBytes = blob(blobs, configDescriptor);
    JsonNode config = JSON.readTree(configBytes);
    require(!config.path("architecture").asText().isEmpty(), "config has no architecture");
    require(!config.path("os").asText().isEmpty(), "config has no os");
    require(config.path("rootfs").path("type").asText().equals("layers"), "rootfs.type");
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    JsonNode layers = manifest.path("layers");
    require(diffIds.size() == layers.size(), "diff_ids and layers differ in number");
    require(config.path("history").size() == layers.size(), "one history entry per layer");
    for (int i = 0; i < layers.size(); i++) {
      byte[] compressed = blob(blobs, layers.get(i));
      byte[] tar;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
        tar = in.readAllBytes();
      }
      require(sha256(tar).equals(diffIds.get(i).asText()), "layer " + i + " diff_id mismatch");
      List<TarFile> files = readTar(tar);
      if (filesByLayer != null) {
        filesByLayer.put(layers.get(i).path("digest").asText(), files);
      }
    }
    return config;
  }

  /** Checks an extracted OCI image layout folder (index.json, blobs/sha256). */
  public static JsonNode checkLayout(Path layout, Map<String, List<TarFile>> files)
      throws IOException {
    require(Files.exists(layout.resolve("oci-layout")), "no oci-layout file");
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode descriptor = index.path("manifests").get(0);
    Blobs blobs = d -> Files.readAllBytes(layout.resolve("blobs/sha256").resolve(d.substring(7)));
    byte[] manifest = blob(blobs, descriptor);
    return check(manifest, descriptor.path("digest").asText(), blobs, files);
  }

  private static byte[] blob(Blobs blobs, JsonNode descriptor) throws IOException {
    String digest = descriptor.path("digest").asText();
    byte[] bytes = blobs.get(digest);
    require(sha256(bytes).equals(digest), "blob " + digest + " does not hash to its digest");
    require(bytes.length == descriptor.path("size").asLong(), "blob " + digest + " size mismatch");
    return bytes;
  }

  /** Writes every entry of the archive at {@code archive} under {@code into} (folders too). */
  public static void unpack(Path archive, Path into) throws IOException {
    for (TarFile file : readTar(Files.readAllBytes(archive))) {
      Path to = into.resolve(file.name());
      if (file.type() == '5') {
        Files.createDirectories(to);
      } else {
        Files.createDirectories(to.getParent());
        Files.write(to, file.content());
      }
    }
  }

  /** Parses a ustar stream strictly: checksums, sizes, end-of-archive blocks. */
  public static List<TarFile> readTar(byte[] tar) {
    List<TarFile> files = new ArrayList<>();
    int pos = 0;
    while (true) {
      require(pos + 512 <= tar.length, "tar ends without end-of-archive blocks");
      boolean zero = true;
      for (int i = pos; i < pos + 512; i++) {
        zero &= tar[i] == 0;
      }
      if (zero) {
        require(pos + 1024 <= tar.length, "tar has one zero block, not two");
        break;
      }
      long sum = 0;
      for (int i = pos; i < pos + 512; i++) {
        sum += (i >= pos + 148 && i < pos + 156) ? ' ' : tar[i] & 0xff;
      }
      require(sum == octal(tar, pos + 148, 8), "tar header checksum");
      String name = text(tar, pos, 100);
      String prefix = text(tar, pos + 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size = octal(tar, pos + 124, 12);
      char type = (char) tar[pos + 156];
      byte[] content = new byte[(int) size];
      System.arraycopy(tar, pos + 512, content, 0, (int) size);
      files.add(new TarFile(name, type, (int) octal(tar, pos + 100, 8),
          (int) octal(tar, pos + 108, 8), (int) octal(tar, pos + 116, 8),
          octal(tar, pos + 136, 12), content));
      pos += 512 + (int) ((size + 511) / 512 * 512);
    }
    return files;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = text(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, List<TarFile>> newFileMap() {
    return new LinkedHashMap<>();
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("invalid image: " + what);
    }
  }
}
