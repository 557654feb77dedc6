package dev.slim.cleanup;

import dev.slim.SlimException;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.files.WorkFolder;
import dev.slim.image.BuiltImage;
import dev.slim.image.ForeignTar;
import dev.slim.image.ImageAssembler;
import dev.slim.image.TarEntry;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.oci.Descriptor;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.PlanRequest;
import dev.slim.plan.Planner;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code --deep}: for images on a base (more than one layer) whose entrypoint is a static ELF,
 * the size {@code slim build} would give. Downloads layers, newest first, only until the
 * entrypoint is found; the binary is inspected and assembled as {@code slim build} would.
 */
final class Deep {

  private static final int MAX_LINKS = 8;

  private Deep() {}

  /** A row when the image could be slimmed; {@code null} otherwise. */
  static Slimmable check(RegistryClient client, Scanner.RepoScan scan, Scanner.Node node,
      List<String> tags) throws RegistryException {
    if (node.isIndex() || node.config() == null || node.config().entrypoint().isEmpty()
        || node.blobs().size() < 3) {
      return null;
    }
    String entry = node.config().entrypoint().get(0);
    if (!entry.startsWith("/")) {
      return null;
    }
    List<Descriptor> layers = node.blobs().subList(1, node.blobs().size());
    Path dir = null;
    try {
      dir = WorkFolder.create("slim-deep-");
      Path binary = dir.resolve("binary");
      String path = entry;
      for (int hop = 0; hop <= MAX_LINKS && path != null; hop++) {
        String link = find(client, scan.repository(), layers, path, binary);
        if (link == null) {
          break;
        }
        if (link.isEmpty()) {
          return slimmable(scan, node, tags, entry, binary, dir);
        }
        path = link.startsWith("/") ? link
            : path.substring(0, path.lastIndexOf('/') + 1) + link;
      }
      return null;
    } catch (IOException | SlimException e) {
      return null;
    } finally {
      WorkFolder.delete(dir);
    }
  }

  private static Slimmable slimmable(Scanner.RepoScan scan, Scanner.Node node, List<String> tags,
      String entry, Path binary, Path dir) throws IOException, SlimException {
    Inspection inspection = Inspector.inspect(binary);
    if (!inspection.isStatic()) {
      return null;
    }
    ImagePlan plan = Planner.plan(inspection, PlanRequest.builder().path(entry)
        .created(Instant.EPOCH).build());
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    BuiltImage built = ImageAssembler.assemble(plan, blobs, (step, done, total) -> { });
    long image = node.blobs().stream().mapToLong(Descriptor::size).sum();
    long slim = built.compressedSize();
    if (slim >= image) {
      return null;
    }
    return new Slimmable(scan.registry(), scan.repository(), tags, node.digest(), entry, image,
        slim, image - slim);
  }

  /**
   * Looks for {@code path} in the layers, newest first. Returns "" when a regular file was found
   * (written to {@code out}), the link target when it is a symbolic link, {@code null} when
   * absent or deleted by a whiteout.
   */
  private static String find(RegistryClient client, String repository,
      List<Descriptor> layers, String path, Path out) throws IOException, RegistryException {
    String wanted = normalize(path);
    String parent = wanted.contains("/") ? wanted.substring(0, wanted.lastIndexOf('/') + 1) : "";
    String whiteout = parent + ".wh." + wanted.substring(parent.length());
    for (int i = layers.size() - 1; i >= 0; i--) {
      Descriptor layer = layers.get(i);
      boolean gzip = layer.mediaType().contains("gzip");
      if (!gzip && !layer.mediaType().endsWith(".tar")) {
        return null;
      }
      try (InputStream raw = client.openBlob(repository, layer.digest());
          InputStream in = gzip ? new GZIPInputStream(raw, 65536) : raw) {
        String found = scanTar(in, wanted, whiteout, out);
        if (found != null) {
          return found.equals("\0whiteout") ? null : found;
        }
      }
    }
    return null;
  }

  /** Reads the layer's entries until {@code wanted}; see {@link #find}. */
  private static String scanTar(InputStream in, String wanted, String whiteout, Path out)
      throws IOException {
    try (ForeignTar tar = ForeignTar.stream(in)) {
      return scan(tar, wanted, whiteout, out);
    }
  }

  private static String scan(ForeignTar tar, String wanted, String whiteout, Path out)
      throws IOException {
    for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
      String name = normalize(entry.name());
      if (name.equals(whiteout)) {
        return "\0whiteout";
      }
      if (name.equals(wanted)) {
        if (entry.isSymlink()) {
          return entry.linkName();
        }
        if (entry.isFile()) {
          try (OutputStream o = Files.newOutputStream(out)) {
            tar.content().transferTo(o);
          }
          return "";
        }
        return "\0whiteout";
      }
    }
    return null;
  }

  private static String normalize(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }
}
