package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.image.LayerSink;
import dev.slim.oci.Descriptor;
import dev.slim.image.Progress;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes built images: asks the registry which blobs it already has (HEAD), uploads only the
 * others, then puts the manifests under the tag. Knowing what was reused comes from the
 * registry's own answers, so the report can say exactly what was sent. Further tags get the
 * same manifest bytes, put once each after the first tag.
 */
final class RegistryPublisher implements Publisher {

  private final ImageRef target;
  private final List<String> moreTags;
  private final Sessions sessions;
  private final PushedBlobs pushed;
  private StreamedLayers streamed;

  /** @param pushed the layers a run's other images pushed (null: a build of its own) */
  RegistryPublisher(ImageRef target, List<String> moreTags, Sessions sessions,
      PushedBlobs pushed) {
    this.target = target;
    this.moreTags = List.copyOf(moreTags);
    this.sessions = sessions;
    this.pushed = pushed;
  }

  @Override
  public LayerSink layerSink() throws SlimException {
    if (streamed == null) {
      streamed = new StreamedLayers(Clients.of(sessions, target.registry()), target.repository());
    }
    return streamed;
  }

  @Override
  public Published publish(List<BuiltImage> images, BuiltIndex index, Progress progress)
      throws SlimException {
    PushResult pushed = push(images, index, progress);
    return new Published(pushed.reference(), null, pushed.statuses(), BlobStatus.REUSED.label(),
        references(pushed.digest()));
  }

  @Override
  public Published skip(List<BuiltImage> images, BuiltIndex index) {
    String digest = index != null ? index.digest() : images.get(0).digest();
    return new Published(target + "@" + digest, null, Map.of(), "skipped", references(digest));
  }

  /** {@code REG/REPO:TAG@DIGEST} for the target's tag, then for each further tag. */
  private List<String> references(String digest) {
    List<String> references = new ArrayList<>(List.of(target + "@" + digest));
    moreTags.forEach(t -> references.add(target.withTag(t).withDigest(digest).toString()));
    return references;
  }

  /**
   * Pushes several images and the index that lists them: every blob the registry lacks (each
   * once, base layers mounted or copied from their registry), each manifest by digest, then the
   * index at the target tag. Without an index, the one image's manifest goes to the tag.
   */
  PushResult push(List<BuiltImage> images, BuiltIndex index, Progress progress)
      throws SlimException {
    String repo = target.repository();
    Map<String, BlobStatus> statuses = new LinkedHashMap<>();
    String tag = target.tag() == null ? "latest" : target.tag();
    try {
      RegistryClient client = Clients.of(sessions, target.registry());
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
      byte[] top = index != null ? index.bytes() : images.get(0).manifestBytes();
      String mediaType = index != null ? index.descriptor().mediaType()
          : images.get(0).manifest().mediaType();
      for (String more : moreTags) {
        progress.update("tagging " + more, 0, -1);
        check(Uploads.putManifest(client, repo, more, top, mediaType, Map.of(), statuses), digest);
      }
      return new PushResult(target.withDigest(digest).toString(), digest, statuses);
    } catch (RegistryException e) {
      throw Clients.error(e);
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
      String digest = layer.blob().digest();
      Optional<BlobStatus> sent = streamed(digest);
      BlobStatus status;
      if (sent.isPresent()) {
        status = sent.get();
        BlobProgress.done(status, layer.blob(), null, progress);
      } else {
        String elsewhere = pushed == null ? null
            : pushed.elsewhere(target.registry(), digest, repo);
        status = pushBlob(client, repo, layer.blob(), progress,
            RegistryClient.BlobSource.of(layer.local().orElseThrow()), elsewhere);
      }
      if (pushed != null) {
        pushed.add(target.registry(), digest, repo);
      }
      return status;
    }
    ImageRef src = ImageRef.parse(remote.source());
    RegistryClient from = Clients.of(sessions, src.registry());
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

  /** What the layer's streamed upload came to, if it was streamed and that worked. */
  private Optional<BlobStatus> streamed(String digest) throws IOException {
    if (streamed == null) {
      return Optional.empty();
    }
    try {
      return streamed.take(digest);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading", e);
    }
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
}
