package dev.slim.push;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.image.ForeignTar;
import dev.slim.image.TarEntry;
import dev.slim.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * The size of an image kept in a local archive: a {@code docker save} tar ({@code manifest.json},
 * layers stored uncompressed) or an OCI image layout tar ({@code index.json}, {@code blobs/}).
 * Compressed layers count as stored; an uncompressed layer counts as what {@code gzip -6} makes of
 * it (deflated here, output discarded), so the size is what a registry would hold and a pull
 * would download, comparable with slim's.
 *
 * <p>The archive is read with random access ({@link ForeignTar#random}): the headers are indexed
 * by seeking over the contents, then only the JSON and the chosen image's layers are read. A
 * multi-GB archive costs memory for its entry list only, and one pass over the layers it needs.
 */
final class ArchiveBaseline {

  /** The largest index or manifest read; real ones are a few KiB. */
  private static final int KEEP = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArchiveBaseline() {}

  static Optional<Baseline> read(Path archive, Platform platform) throws IOException {
    return ForeignTar.random(archive, (list, content) ->
        read(archive, platform, files(list), content));
  }

  private static Optional<Baseline> read(Path archive, Platform platform,
      Map<String, TarEntry> entries, ForeignTar.Opener content) throws IOException {
    JsonNode manifest = null;
    if (entries.containsKey("index.json")) {
      manifest = ociManifest(content, entries, platform);
    }
    if (manifest != null) {
      if (!fits(content, entries.get(blobPath(manifest.path("config").path("digest").asText())),
          platform)) {
        return Optional.empty();
      }
      long size = manifest.path("config").path("size").asLong();
      for (JsonNode layer : manifest.path("layers")) {
        TarEntry blob = entries.get(blobPath(layer.path("digest").asText()));
        if (blob == null) {
          return Optional.empty();
        }
        size += compressedSize(content, blob);
      }
      return Optional.of(new Baseline(archive.toString(), null, size));
    }
    if (entries.containsKey("manifest.json")) {
      JsonNode docker = json(content, entries.get("manifest.json"));
      JsonNode image = null;
      for (JsonNode candidate : docker.isArray() ? docker : List.<JsonNode>of()) {
        if (fits(content, entries.get(candidate.path("Config").asText()), platform)) {
          image = candidate;
          break;
        }
      }
      if (image == null) {
        return Optional.empty();
      }
      TarEntry config = entries.get(image.path("Config").asText());
      long size = config == null ? 0 : config.size();
      for (JsonNode layer : image.path("Layers")) {
        TarEntry blob = entries.get(layer.asText());
        if (blob == null) {
          return Optional.empty();
        }
        size += compressedSize(content, blob);
      }
      return Optional.of(new Baseline(archive.toString(), null, size));
    }
    return Optional.empty();
  }

  private static JsonNode ociManifest(ForeignTar.Opener content, Map<String, TarEntry> entries,
      Platform platform) throws IOException {
    JsonNode node = json(content, entries.get("index.json"));
    for (int depth = 0; depth < 3; depth++) {
      JsonNode chosen = null;
      for (Iterator<JsonNode> it = node.path("manifests").elements(); it.hasNext(); ) {
        JsonNode child = it.next();
        JsonNode p = child.path("platform");
        boolean fits = p.isMissingNode() || platform.matches(new Platform(p.path("os").asText(),
            p.path("architecture").asText(), p.path("variant").asText(null)));
        if (fits && chosen == null) {
          chosen = child;
        }
      }
      if (chosen == null) {
        return null;
      }
      TarEntry blob = entries.get(blobPath(chosen.path("digest").asText()));
      if (blob == null) {
        return null;
      }
      node = json(content, blob);
      if (node.has("layers")) {
        return node;
      }
    }
    return null;
  }

  /**
   * Whether the image config in {@code config} is for {@code platform}: the same os and
   * architecture, and the same variant when both name one. A config that is absent or names no
   * platform fits, as before: the archive then cannot say otherwise.
   */
  private static boolean fits(ForeignTar.Opener content, TarEntry config, Platform platform)
      throws IOException {
    if (config == null) {
      return true;
    }
    JsonNode node = json(content, config);
    String os = node.path("os").asText("");
    String architecture = node.path("architecture").asText("");
    return os.isEmpty() || architecture.isEmpty() || platform.matches(new Platform(os,
        architecture, node.path("variant").asText(null)));
  }

  private static String blobPath(String digest) {
    int colon = digest.indexOf(':');
    return "blobs/" + digest.substring(0, Math.max(0, colon)) + "/" + digest.substring(colon + 1);
  }

  /** Stored size if the entry is already gzip'd, else the size gzip -6 would give it. */
  private static long compressedSize(ForeignTar.Opener content, TarEntry entry)
      throws IOException {
    Deflater deflater = new Deflater(6, true);
    try (InputStream in = content.open(entry)) {
      byte[] buffer = new byte[1 << 20];
      int first = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, entry.size()));
      boolean gzip = first >= 2 && (buffer[0] & 0xff) == 0x1f && (buffer[1] & 0xff) == 0x8b;
      boolean zstd = first >= 2 && (buffer[0] & 0xff) == 0x28 && (buffer[1] & 0xff) == 0xb5;
      if (gzip || zstd) {
        return entry.size();
      }
      byte[] out = new byte[1 << 16];
      long produced = 18; // gzip header and trailer
      int n = first;
      while (n > 0) {
        deflater.setInput(buffer, 0, n);
        while (!deflater.needsInput()) {
          produced += deflater.deflate(out);
        }
        n = Math.max(0, in.read(buffer));
      }
      deflater.finish();
      while (!deflater.finished()) {
        produced += deflater.deflate(out);
      }
      return produced;
    } finally {
      deflater.end();
    }
  }

  private static JsonNode json(ForeignTar.Opener content, TarEntry entry) throws IOException {
    if (entry == null || entry.size() > KEEP) {
      throw new IOException("archive has no readable image index or manifest");
    }
    try (InputStream in = content.open(entry)) {
      return JSON.readTree(in.readNBytes((int) entry.size()));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IOException(printable(entry.name()) + " is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          e);
    }
  }

  private static String printable(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
  }

  /** Every regular file in the tar by name (without a leading "./"); the last one wins. */
  private static Map<String, TarEntry> files(List<TarEntry> list) {
    Map<String, TarEntry> entries = new HashMap<>();
    for (TarEntry entry : list) {
      if (entry.isFile()) {
        String name = entry.name();
        entries.put(name.startsWith("./") ? name.substring(2) : name, entry);
      }
    }
    return entries;
  }
}
