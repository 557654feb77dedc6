package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.WorkFolder;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Progress;
import dev.slim.oci.Digests;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads the base layers of an image that are not on disk yet (for a local archive or the
 * SBOM), each checked against its digest, into one folder: a layer already there is not fetched
 * again.
 */
public final class BaseDownloads {

  private final Sessions sessions;
  private final Path dir;

  public BaseDownloads(Sessions sessions, Path dir) {
    this.sessions = sessions;
    this.dir = dir;
  }

  /** The image with every {@link BuiltLayer.RemoteBase} layer downloaded. */
  public BuiltImage download(BuiltImage image, Progress progress) throws SlimException {
    List<BuiltLayer> layers = new ArrayList<>();
    try {
      for (BuiltLayer layer : image.layers()) {
        if (layer instanceof BuiltLayer.RemoteBase remote) {
          layers.add(remote.downloadedTo(fetch(remote, progress)));
        } else {
          layers.add(layer);
        }
      }
    } catch (RegistryException e) {
      throw Clients.error(e);
    } catch (IOException e) {
      throw new SlimException(Reason.REGISTRY, "download of a base layer failed: "
          + e.getMessage(), e);
    }
    return image.withLayers(layers);
  }

  private Path fetch(BuiltLayer.RemoteBase layer, Progress progress)
      throws SlimException, RegistryException, IOException {
    Path file = dir.resolve(layer.blob().hex());
    if (Files.exists(file)) {
      return file;
    }
    progress.update("downloading " + layer.blob().digest().substring(0, 19), 0,
        layer.blob().size());
    ImageRef src = ImageRef.parse(layer.source());
    Path partial = WorkFolder.newFile(dir, "base-", ".partial");
    MessageDigest sha = Digests.sha256();
    try (InputStream in = Clients.of(sessions, src.registry()).openBlob(src.repository(),
        layer.blob().digest());
        OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
      in.transferTo(out);
    }
    String got = Digests.of(sha);
    if (!got.equals(layer.blob().digest())) {
      Files.deleteIfExists(partial);
      throw new SlimException(Reason.REGISTRY, "registry " + src.registry() + " sent base"
          + " layer " + layer.blob().digest() + " whose bytes hash to " + got);
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
