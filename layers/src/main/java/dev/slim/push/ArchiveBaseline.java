package dev.slim.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.image.TarHeader;
import dev.slim.oci.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * The size of an image kept in a local archive: a {@code docker save} tar ({@code manifest.json},
 * layers stored uncompressed) or an OCI image layout tar ({@code index.json}, {@code blobs/}).
 * Compressed layers count as stored; an uncompressed layer counts as what {@code gzip -6} makes of
 * it (deflated here, output discarded), so the size is what a registry would hold and a pull
 * would download, comparable with slim's.
 */
final class ArchiveBaseline {

  private static final int KEEP = 4 * 1024 * 1024;

  /** An entry of the tar: where its bytes start and how many there are. */
  private record Entry(long offset, long size) {}

  private ArchiveBaseline() {}

  static Optional<Baseline> read(Path archive, Platform platform) throws IOException {
    try (FileChannel channel = FileChannel.open(archive)) {
      Map<String, Entry> entries = index(channel);
      JsonNode manifest = null;
      if (entries.containsKey("index.json")) {
        manifest = ociManifest(channel, entries, platform);
      }
      if (manifest != null) {
        long size = manifest.path("config").path("size").asLong();
        for (JsonNode layer : manifest.path("layers")) {
          Entry blob = entries.get(blobPath(layer.path("digest").asText()));
          if (blob == null) {
            return Optional.empty();
          }
          size += compressedSize(channel, blob);
        }
        return Optional.of(new Baseline(archive.toString(), null, size));
      }
      if (entries.containsKey("manifest.json")) {
        JsonNode docker = json(channel, entries.get("manifest.json"));
        JsonNode image = docker.isArray() && docker.size() > 0 ? docker.get(0) : null;
        if (image == null) {
          return Optional.empty();
        }
        Entry config = entries.get(image.path("Config").asText());
        long size = config == null ? 0 : config.size();
        for (JsonNode layer : image.path("Layers")) {
          Entry blob = entries.get(layer.asText());
          if (blob == null) {
            return Optional.empty();
          }
          size += compressedSize(channel, blob);
        }
        return Optional.of(new Baseline(archive.toString(), null, size));
      }
      return Optional.empty();
    }
  }

  private static JsonNode ociManifest(FileChannel channel, Map<String, Entry> entries,
      Platform platform) throws IOException {
    JsonNode node = json(channel, entries.get("index.json"));
    for (int depth = 0; depth < 3; depth++) {
      JsonNode chosen = null;
      for (Iterator<JsonNode> it = node.path("manifests").elements(); it.hasNext(); ) {
        JsonNode child = it.next();
        JsonNode p = child.path("platform");
        boolean fits = p.isMissingNode()
            || (platform.os().equals(p.path("os").asText())
                && platform.architecture().equals(p.path("architecture").asText()));
        if (fits && chosen == null) {
          chosen = child;
        }
      }
      if (chosen == null) {
        return null;
      }
      Entry blob = entries.get(blobPath(chosen.path("digest").asText()));
      if (blob == null) {
        return null;
      }
      node = json(channel, blob);
      if (node.has("layers")) {
        return node;
      }
    }
    return null;
  }

  private static String blobPath(String digest) {
    int colon = digest.indexOf(':');
    return "blobs/" + digest.substring(0, Math.max(0, colon)) + "/" + digest.substring(colon + 1);
  }

  /** Stored size if the entry is already gzip'd, else the size gzip -6 would give it. */
  private static long compressedSize(FileChannel channel, Entry entry) throws IOException {
    byte[] magic = read(channel, entry.offset(), (int) Math.min(2, entry.size()));
    boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    boolean zstd = magic.length == 2 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5;
    if (gzip || zstd) {
      return entry.size();
    }
    Deflater deflater = new Deflater(6, true);
    try {
      byte[] out = new byte[1 << 16];
      long produced = 18; // gzip header and trailer
      long position = entry.offset();
      long end = entry.offset() + entry.size();
      ByteBuffer in = ByteBuffer.allocate(1 << 20);
      while (position < end) {
        in.clear().limit((int) Math.min(in.capacity(), end - position));
        int n = channel.read(in, position);
        if (n <= 0) {
          throw new IOException("archive ends inside a layer");
        }
        position += n;
        deflater.setInput(in.array(), 0, n);
        while (!deflater.needsInput()) {
          produced += deflater.deflate(out);
        }
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

  private static JsonNode json(FileChannel channel, Entry entry) throws IOException {
    if (entry == null || entry.size() > KEEP) {
      throw new IOException("archive has no readable image index or manifest");
    }
    return new ObjectMapper().readTree(read(channel, entry.offset(), (int) entry.size()));
  }

  private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException("archive is truncated");
      }
    }
    return buffer.array();
  }

  /** Every file in the tar by name (without a leading "./"), with where its bytes are. */
  private static Map<String, Entry> index(FileChannel channel) throws IOException {
    Map<String, Entry> entries = new HashMap<>();
    long position = 0;
    long size = channel.size();
    String longName = null;
    while (position + TarHeader.BLOCK <= size) {
      TarHeader header = TarHeader.parse(read(channel, position, TarHeader.BLOCK));
      if (header == null) {
        break;
      }
      long data = position + TarHeader.BLOCK;
      if (data + header.size() > size) {
        throw new IOException("not a tar archive, or a truncated one");
      }
      if (header.isLongName()) {
        longName = header.longName(read(channel, data, (int) Math.min(header.size(), 65536)));
      } else {
        String name = longName != null ? longName : header.name();
        longName = null;
        if (header.isFile()) {
          entries.put(name.startsWith("./") ? name.substring(2) : name,
              new Entry(data, header.size()));
        }
      }
      position = data + header.paddedSize();
    }
    return entries;
  }
}
