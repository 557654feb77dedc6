package dev.slim.image;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
import dev.slim.oci.JsonWriter;
import dev.slim.oci.MediaTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a built image as one tar that both worlds read: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/…}) for skopeo, umoci and crane, plus the
 * {@code manifest.json} that {@code docker load} reads. The blobs are stored once and shared.
 *
 * <p>A file archive is written next to its final path and moved into place at the end (see
 * {@link OutputFile}), so a failure never leaves a half-written archive behind.
 */
public final class ImageArchive {

  private static final long TIME = 0;
  private static final int FILE_MODE = 0644;
  private static final int DIR_MODE = 0755;

  private ImageArchive() {}

  /**
   * Writes one image to a file (a new path or a regular file, replaced at the end).
   *
   * @param reference the name docker load gives the image, e.g. {@code example.com/app:1.0}
   * @param tag the tag for the OCI layout's {@code org.opencontainers.image.ref.name}
   */
  public static void write(BuiltImage image, String reference, String tag, Path archive)
      throws IOException {
    try {
      write(List.of(image), null, reference, tag, OutputFile.of("--output", archive));
    } catch (SlimException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Writes several images in one archive. With an index, the layout's {@code index.json} points to
   * that index (one entry, tagged), which lists every platform; {@code docker load} loads the
   * first image only. Blobs shared by several images are stored once.
   * Every layer needs its file (base image layers downloaded first).
   */
  public static void write(List<BuiltImage> images, BuiltIndex index, String reference,
      String tag, OutputFile archive) throws SlimException, IOException {
    write(images, index, List.of(reference), List.of(tag), archive);
  }

  /**
   * Writes the images under several names: {@code docker load} tags the first image with each of
   * {@code references} ({@code RepoTags}), and the OCI layout's {@code index.json} has one entry
   * per name, each with its tag as {@code ref.name}, all for the same manifest or index.
   *
   * @param tags the tag of each reference, in the same order
   */
  public static void write(List<BuiltImage> images, BuiltIndex index, List<String> references,
      List<String> tags, OutputFile archive) throws SlimException, IOException {
    if (references.isEmpty() || references.size() != tags.size()) {
      throw new IllegalArgumentException("one tag per reference: " + references + ", " + tags);
    }
    archive.write(out -> writeTo(images, index, List.copyOf(references), List.copyOf(tags), out));
  }

  private static void writeTo(List<BuiltImage> images, BuiltIndex index, List<String> references,
      List<String> tags, OutputStream out) throws IOException {
    List<Object> entries = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      entries.add(entry(images, index, Map.of(
          "org.opencontainers.image.ref.name", tags.get(i),
          "io.containerd.image.name", references.get(i))));
    }
    byte[] layoutIndex = JsonWriter.canonical(Map.of(
        "schemaVersion", 2,
        "mediaType", MediaTypes.OCI_INDEX,
        "manifests", entries));
    // docker load reads one image per name: the first binary's (the others would be left
    // untagged); the OCI layout holds them all
    BuiltImage first = images.get(0);
    List<String> layerPaths = new ArrayList<>();
    for (BuiltLayer layer : first.layers()) {
      layerPaths.add("blobs/sha256/" + layer.blob().hex());
    }
    byte[] dockerManifest = JsonWriter.canonical(List.of(Map.of(
        "Config", "blobs/sha256/" + first.config().hex(),
        "RepoTags", references,
        "Layers", layerPaths)));

    directory(out, "blobs/");
    directory(out, "blobs/sha256/");
    Set<String> written = new HashSet<>();
    for (BuiltImage image : images) {
      if (written.add(image.config().hex())) {
        file(out, "blobs/sha256/" + image.config().hex(), image.configBytes());
      }
      for (BuiltLayer layer : image.layers()) {
        if (!written.add(layer.blob().hex())) {
          continue;
        }
        if (layer.local().isEmpty()) {
          throw new IOException("layer " + layer.blob().digest() + " of the base was not"
              + " downloaded");
        }
        Path file = layer.local().get();
        long size = Files.size(file);
        out.write(TarStream.header("blobs/sha256/" + layer.blob().hex(), FILE_MODE, 0, 0, size,
            TIME, '0'));
        Files.copy(file, out);
        pad(out, size);
      }
      if (written.add(image.manifest().hex())) {
        file(out, "blobs/sha256/" + image.manifest().hex(), image.manifestBytes());
      }
    }
    if (index != null) {
      file(out, "blobs/sha256/" + index.descriptor().hex(), index.bytes());
    }
    file(out, "index.json", layoutIndex);
    file(out, "manifest.json", dockerManifest);
    file(out, "oci-layout", JsonWriter.canonical(Map.of("imageLayoutVersion", "1.0.0")));
    out.write(new byte[1024]);
  }

  /** The layout's entry for the one image's manifest, or for the index. */
  private static Map<String, Object> entry(List<BuiltImage> images, BuiltIndex index,
      Map<String, Object> annotations) {
    if (index == null) {
      BuiltImage image = images.get(0);
      return Map.of(
          "mediaType", image.manifest().mediaType(),
          "digest", image.manifest().digest(),
          "size", image.manifest().size(),
          "annotations", annotations,
          "platform", platform(image));
    }
    return Map.of(
        "mediaType", index.descriptor().mediaType(),
        "digest", index.digest(),
        "size", index.descriptor().size(),
        "annotations", annotations);
  }

  static Map<String, Object> platform(BuiltImage image) {
    var p = image.platform();
    return p.variant() == null
        ? Map.of("os", p.os(), "architecture", p.architecture())
        : Map.of("os", p.os(), "architecture", p.architecture(), "variant", p.variant());
  }

  private static void directory(OutputStream out, String name) throws IOException {
    out.write(TarStream.header(name, DIR_MODE, 0, 0, 0, TIME, '5'));
  }

  private static void file(OutputStream out, String name, byte[] content) throws IOException {
    out.write(TarStream.header(name, FILE_MODE, 0, 0, content.length, TIME, '0'));
    out.write(content);
    pad(out, content.length);
  }

  private static void pad(OutputStream out, long size) throws IOException {
    out.write(new byte[(int) ((512 - size % 512) % 512)]);
  }
}
