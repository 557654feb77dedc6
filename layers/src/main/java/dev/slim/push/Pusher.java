package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Descriptor;
import dev.slim.image.Progress;
import dev.slim.inspect.Platform;
import dev.slim.registry.Credentials;
import dev.slim.registry.DockerConfigCredentials;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes a built image: asks the registry which blobs it already has (HEAD), uploads only the
 * others, then puts the manifest under the tag. Knowing what was reused comes from the registry's
 * own answers, so the report can say exactly what was sent.
 */
public final class Pusher {

  private final ImageRef target;
  private final RegistryAccess access;
  private final Map<String, RegistryClient> clients = new HashMap<>();

  private Pusher(ImageRef target, RegistryAccess access) {
    this.target = target;
    this.access = access;
  }

  /** Prepares to push to {@code target}; nothing is sent until a method is called. */
  public static Pusher connect(ImageRef target, RegistryAccess access) {
    return new Pusher(target, access);
  }

  /** Requests sent so far, to every registry this pusher talked to. */
  public int requestCount() {
    return clients.values().stream().mapToInt(RegistryClient::requestCount).sum();
  }

  /**
   * The size of the image at {@code ref} for {@code platform} (the matching child of an index),
   * or empty when there is none.
   */
  public Optional<Baseline> baseline(ImageRef ref, Platform platform) throws SlimException {
    try {
      RegistryClient client = client(ref.registry());
      String reference = ref.digest() != null ? ref.digest() : ref.tag();
      Optional<Manifest> found = client.getManifest(ref.repository(), reference);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Manifest manifest = found.get();
      if (manifest.isIndex()) {
        Optional<Manifest.Child> child = manifest.children().stream()
            .filter(c -> matches(c, platform)).findFirst();
        if (child.isEmpty()) {
          return Optional.empty();
        }
        found = client.getManifest(ref.repository(), child.get().digest());
        if (found.isEmpty()) {
          return Optional.empty();
        }
        manifest = found.get();
      }
      long size = manifest.config().size()
          + manifest.layers().stream().mapToLong(Manifest.Blob::size).sum();
      return Optional.of(new Baseline(ref.toString(), manifest.digest(), size));
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw registryError(e);
    }
  }

  private static boolean matches(Manifest.Child child, Platform platform) {
    return platform.os().equals(child.os())
        && platform.architecture().equals(child.architecture())
        && (platform.variant() == null || child.variant() == null
            || platform.variant().equals(child.variant()));
  }

  /** Pushes the image's blobs that the registry lacks, then its manifest at the target tag. */
  public PushResult push(BuiltImage image, Progress progress) throws SlimException {
    String repo = target.repository();
    Map<String, BlobStatus> statuses = new LinkedHashMap<>();
    try {
      RegistryClient client = client(target.registry());
      for (BuiltLayer layer : image.layers()) {
        Descriptor blob = layer.blob();
        statuses.put(blob.digest(), pushBlob(client, repo, blob, progress,
            RegistryClient.BlobSource.of(layer.file())));
      }
      Descriptor config = image.config();
      statuses.put(config.digest(), pushBlob(client, repo, config, progress,
          RegistryClient.BlobSource.of(image.configBytes())));
      progress.update("pushing manifest", 0, -1);
      String tag = target.tag() == null ? "latest" : target.tag();
      String digest = client.putManifest(repo, tag, image.manifestBytes(),
          image.manifest().mediaType());
      if (!digest.equals(image.digest())) {
        throw new SlimException(Reason.REGISTRY, "registry " + target.registry()
            + " stored the manifest under " + digest + ", not " + image.digest());
      }
      return new PushResult(target.withDigest(digest).toString(), digest, statuses);
    } catch (RegistryException e) {
      throw registryError(e);
    } catch (IOException e) {
      throw new SlimException(Reason.REGISTRY,
          "push to " + target.registry() + " failed: " + e.getMessage(), e);
    }
  }

  private static BlobStatus pushBlob(RegistryClient client, String repo, Descriptor blob,
      Progress progress, RegistryClient.BlobSource source)
      throws RegistryException, IOException {
    progress.update("uploading " + blob.digest().substring(0, 19), 0, blob.size());
    RegistryClient.UploadResult result =
        client.pushBlob(repo, blob.digest(), blob.size(), source, null);
    progress.update("uploading " + blob.digest().substring(0, 19), blob.size(), blob.size());
    return switch (result) {
      case MOUNTED -> BlobStatus.MOUNTED;
      case EXISTED -> BlobStatus.REUSED;
      case UPLOADED -> BlobStatus.UPLOADED;
    };
  }

  private RegistryClient client(String registry) throws SlimException {
    RegistryClient existing = clients.get(registry);
    if (existing != null) {
      return existing;
    }
    Credentials credentials;
    try {
      credentials = access.username() != null && registry.equals(target.registry())
          ? new Credentials(access.username(), access.password())
          : DockerConfigCredentials.lookup(registry, access.environment()).orElse(null);
    } catch (RegistryException e) {
      throw registryError(e);
    }
    RegistryClient client = RegistryClient.builder(registry)
        .credentials(credentials)
        .insecure(access.insecureRegistries().contains(registry))
        .userAgent("slim")
        .build();
    clients.put(registry, client);
    return client;
  }

  private static SlimException registryError(RegistryException e) {
    return new SlimException(Reason.REGISTRY, e.getMessage(), e);
  }
}
