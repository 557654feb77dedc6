package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Descriptor;
import dev.slim.image.Progress;
import dev.slim.inspect.Platform;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import dev.slim.image.BuiltIndex;
import dev.slim.plan.BaseImage;
import dev.slim.plan.BaseLayer;
import dev.slim.registry.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
  private final Sessions sessions;

  private Pusher(ImageRef target, Sessions sessions) {
    this.target = target;
    this.sessions = sessions;
  }

  /** Prepares to push to {@code target}; nothing is sent until a method is called. */
  public static Pusher connect(ImageRef target, Sessions sessions) {
    return new Pusher(target, sessions);
  }

  /**
   * The size of the image in a local archive ({@code docker save} or OCI layout tar) for
   * {@code platform}; uncompressed layers count as what gzip -6 makes of them.
   */
  public static Baseline.Lookup baseline(java.nio.file.Path archive, Platform platform)
      throws SlimException {
    try {
      return ArchiveBaseline.read(archive, platform).map(Baseline.Lookup::of).orElseGet(() ->
          Baseline.Lookup.noPlatform(archive + " holds no " + platform + " image"));
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE,
          "cannot read the baseline archive " + archive + ": " + e.getMessage(), e);
    }
  }

  /**
   * The size of the image at {@code ref} for {@code platform} (the matching child of an index),
   * or what is missing.
   */
  public Baseline.Lookup baseline(ImageRef ref, Platform platform) throws SlimException {
    try {
      return RegistryBaseline.find(client(ref.registry()), ref, platform);
    } catch (RegistryException e) {
      throw registryError(e);
    } catch (ArithmeticException e) {
      throw new SlimException(Reason.REGISTRY, "baseline " + ref + " declares layer sizes whose"
          + " sum is larger than 8 EiB: not a real image");
    }
  }

  static boolean matches(Manifest.Child child, Platform platform) {
    return platform.os().equals(child.os())
        && platform.architecture().equals(child.architecture())
        && (platform.variant() == null || child.variant() == null
            || platform.variant().equals(child.variant()));
  }

  /**
   * Resolves an image base for one platform: its manifest (the matching child of an index), its
   * config's diff_ids, environment and history. No layer is downloaded.
   *
   * @return empty when the base is an index without that platform, or a single-platform image
   *     of another platform
   * @throws SlimException REGISTRY when the base does not exist or cannot be read
   */
  public Optional<BaseImage> resolveBase(ImageRef ref, String name, Platform platform)
      throws SlimException {
    try {
      RegistryClient client = client(ref.registry());
      String reference = ref.digest() != null ? ref.digest() : ref.tag();
      Manifest manifest = client.getManifest(ref.repository(), reference).orElseThrow(() ->
          new SlimException(Reason.REGISTRY, "base image " + name + " not found at " + ref));
      if (manifest.isIndex()) {
        Optional<Manifest.Child> child = manifest.children().stream()
            .filter(c -> matches(c, platform)).findFirst();
        if (child.isEmpty()) {
          return Optional.empty();
        }
        manifest = client.getManifest(ref.repository(), child.get().digest()).orElseThrow(() ->
            new SlimException(Reason.REGISTRY, "base image " + name + " lists a manifest for "
                + platform + " that " + ref.registry() + " does not have"));
      }
      if (manifest.config() == null) {
        throw new SlimException(Reason.REGISTRY, "base image " + name + " is not an image");
      }
      byte[] configBytes = client.getBlob(ref.repository(), manifest.config().digest());
      ImageConfig config = ImageConfig.parse(configBytes).orElseThrow(() ->
          new SlimException(Reason.REGISTRY, "base image " + name + " has a config without"
              + " rootfs.diff_ids"));
      if (!manifest.isIndex() && !sameOsArch(config, platform)) {
        return Optional.empty();
      }
      if (config.diffIds().size() != manifest.layers().size()) {
        throw new SlimException(Reason.REGISTRY, "base image " + name + " has "
            + manifest.layers().size() + " layers but " + config.diffIds().size()
            + " diff_ids in its config");
      }
      String source = ref.registry() + "/" + ref.repository();
      List<BaseLayer> layers = new ArrayList<>();
      for (int i = 0; i < manifest.layers().size(); i++) {
        Manifest.Blob blob = manifest.layers().get(i);
        String made = config.createdBy().get(i);
        layers.add(new BaseLayer(blob.mediaType(), blob.digest(), blob.size(),
            config.diffIds().get(i), source,
            name + " layer " + (i + 1) + (made.isBlank() ? "" : ": " + shorten(made))));
      }
      return Optional.of(new BaseImage(name, manifest.digest(), List.of(), layers, config.env()));
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        throw new SlimException(Reason.REGISTRY, "base image " + name + " not found at " + ref, e);
      }
      throw registryError(e);
    }
  }

  private static boolean sameOsArch(ImageConfig config, Platform platform) {
    return (config.os() == null || config.os().equals(platform.os()))
        && (config.architecture() == null
            || config.architecture().equals(platform.architecture()));
  }

  private static String shorten(String text) {
    String one = text.replaceAll("\\s+", " ").trim();
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  /**
   * Downloads the base layers of an image that are not on disk yet (for a local archive),
   * checking each against its digest.
   */
  public BuiltImage download(BuiltImage image, Path dir, Progress progress) throws SlimException {
    List<BuiltLayer> layers = new ArrayList<>();
    try {
      for (BuiltLayer layer : image.layers()) {
        if (!(layer instanceof BuiltLayer.RemoteBase remote)) {
          layers.add(layer);
          continue;
        }
        Path file = dir.resolve(layer.blob().hex());
        if (!Files.exists(file)) {
          progress.update("downloading " + layer.blob().digest().substring(0, 19), 0,
              layer.blob().size());
          ImageRef src = ImageRef.parse(remote.source());
          Path partial = Files.createTempFile(dir, "base-", ".partial");
          MessageDigest sha = sha256();
          try (InputStream in = client(src.registry()).openBlob(src.repository(),
              layer.blob().digest());
              OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
            in.transferTo(out);
          }
          String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
          if (!got.equals(layer.blob().digest())) {
            Files.deleteIfExists(partial);
            throw new SlimException(Reason.REGISTRY, "registry " + src.registry() + " sent base"
                + " layer " + layer.blob().digest() + " whose bytes hash to " + got);
          }
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
        layers.add(remote.downloadedTo(file));
      }
    } catch (RegistryException e) {
      throw registryError(e);
    } catch (IOException e) {
      throw new SlimException(Reason.REGISTRY, "download of a base layer failed: "
          + e.getMessage(), e);
    }
    return image.withLayers(layers);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pushes the image's blobs that the registry lacks, then its manifest at the target tag. */
  public PushResult push(BuiltImage image, Progress progress) throws SlimException {
    return push(List.of(image), null, progress);
  }

  /**
   * Pushes several images and the index that lists them: every blob the registry lacks (each
   * once, base layers mounted or copied from their registry), each manifest by digest, then the
   * index at the target tag. Without an index, the one image's manifest goes to the tag.
   */
  public PushResult push(List<BuiltImage> images, BuiltIndex index, Progress progress)
      throws SlimException {
    String repo = target.repository();
    Map<String, BlobStatus> statuses = new LinkedHashMap<>();
    String tag = target.tag() == null ? "latest" : target.tag();
    try {
      RegistryClient client = client(target.registry());
      Map<String, Uploads.Upload> uploads = new LinkedHashMap<>();
      for (BuiltImage image : images) {
        for (BuiltLayer layer : image.layers()) {
          uploads.putIfAbsent(layer.blob().digest(),
              () -> pushLayer(client, repo, layer, progress));
        }
        uploads.putIfAbsent(image.config().digest(), () -> pushBlob(client, repo,
            image.config(), progress, RegistryClient.BlobSource.of(image.configBytes()), null));
      }
      statuses.putAll(Uploads.runAll(uploads));
      for (BuiltImage image : images) {
        progress.update("pushing manifest", 0, -1);
        Map<String, Uploads.Upload> own = new LinkedHashMap<>();
        image.layers().forEach(l -> own.put(l.blob().digest(), uploads.get(l.blob().digest())));
        own.put(image.config().digest(), uploads.get(image.config().digest()));
        String digest = Uploads.putManifest(client, repo, index == null ? tag : image.digest(),
            image.manifestBytes(), image.manifest().mediaType(), own, statuses);
        check(digest, image.digest());
      }
      String digest = images.get(0).digest();
      if (index != null) {
        progress.update("pushing index", 0, -1);
        digest = Uploads.putManifest(client, repo, tag, index.bytes(),
            index.descriptor().mediaType(), Map.of(), statuses);
        check(digest, index.digest());
      }
      return new PushResult(target.withDigest(digest).toString(), digest, statuses);
    } catch (RegistryException e) {
      throw registryError(e);
    } catch (IOException e) {
      throw new SlimException(Reason.REGISTRY,
          "push to " + target.registry() + " failed: " + e.getMessage(), e);
    }
  }

  private void check(String stored, String expected) throws SlimException {
    if (!stored.equals(expected)) {
      throw new SlimException(Reason.REGISTRY, "registry " + target.registry()
          + " stored the manifest under " + stored + ", not " + expected);
    }
  }

  /**
   * A layer slim built is uploaded from its file. A base image's layer is never downloaded when
   * the target has it (HEAD), mounted when its repository is on the same registry, else streamed
   * from the base's registry straight into the upload.
   */
  private BlobStatus pushLayer(RegistryClient client, String repo, BuiltLayer layer,
      Progress progress) throws RegistryException, IOException, SlimException {
    if (!(layer instanceof BuiltLayer.RemoteBase remote)) {
      return pushBlob(client, repo, layer.blob(), progress,
          RegistryClient.BlobSource.of(layer.local().orElseThrow()), null);
    }
    ImageRef src = ImageRef.parse(remote.source());
    RegistryClient from = client(src.registry());
    String digest = layer.blob().digest();
    RegistryClient.BlobSource stream = () -> {
      try {
        return from.openBlob(src.repository(), digest);
      } catch (RegistryException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
    boolean sameRegistry = src.registry().equals(target.registry());
    return pushBlob(client, repo, layer.blob(), progress, stream,
        sameRegistry ? src.repository() : null);
  }

  private static BlobStatus pushBlob(RegistryClient client, String repo, Descriptor blob,
      Progress progress, RegistryClient.BlobSource source, String mountFrom)
      throws RegistryException, IOException {
    BlobStatus status = switch (client.pushBlob(repo, blob.digest(), blob.size(),
        BlobProgress.watch(source, blob, progress), mountFrom)) {
      case MOUNTED -> BlobStatus.MOUNTED;
      case EXISTED -> BlobStatus.REUSED;
      case UPLOADED -> BlobStatus.UPLOADED;
    };
    BlobProgress.done(status, blob, mountFrom, progress);
    return status;
  }

  private RegistryClient client(String registry) throws SlimException {
    try {
      return sessions.client(registry);
    } catch (RegistryException e) {
      throw registryError(e);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, e.getMessage(), e);
    }
  }

  private static SlimException registryError(RegistryException e) {
    return new SlimException(Reason.REGISTRY, e.getMessage(), e);
  }
}
