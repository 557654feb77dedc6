package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Digests;
import dev.slim.oci.JsonWriter;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attaches an artifact (such as an SBOM) to a pushed image as an OCI referrer: an image manifest
 * with {@code artifactType}, the empty config, the artifact as its one layer and the image as its
 * {@code subject}. A registry without the referrers API cannot list it by subject, so it is then
 * also tagged {@code sha256-<hex>.<suffix>} (the tag-schema convention tools such as cosign read).
 */
public final class Referrers {

  static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private Referrers() {}

  /**
   * Where an artifact went.
   *
   * @param reference {@code REGISTRY/REPO@sha256:…} of the artifact manifest
   * @param tag the fallback tag reference, or null when the registry lists referrers itself
   */
  public record Attached(String reference, String tag) {
    public Attached {
      Objects.requireNonNull(reference, "reference");
    }

    /** One line for people: where to find it and how. */
    public String describe() {
      return tag == null ? reference + " (OCI referrer)"
          : reference + " (OCI referrer; the registry has no referrers API, so also tagged "
              + tag + ")";
    }
  }

  /**
   * Pushes {@code content} as an artifact of {@code artifactType} whose subject is the image
   * {@code subject} in {@code target}'s repository, over the session {@code target}'s registry
   * already has in {@code sessions} (the one the image was pushed with).
   *
   * @param tagSuffix for the fallback tag, e.g. {@code sbom}
   * @param title the file name recorded in the layer's {@code org.opencontainers.image.title}
   */
  public static Attached attach(ImageRef target, Sessions sessions, Descriptor subject,
      byte[] content, String artifactType, String tagSuffix, String title, String created)
      throws SlimException {
    RegistryClient client = Clients.of(sessions, target.registry());
    String repo = target.repository();
    try {
      String emptyDigest = Digests.sha256(EMPTY);
      client.pushBlob(repo, emptyDigest, EMPTY.length, RegistryClient.BlobSource.of(EMPTY), null);
      String contentDigest = Digests.sha256(content);
      client.pushBlob(repo, contentDigest, content.length, RegistryClient.BlobSource.of(content),
          null);
      byte[] manifest = manifest(subject, artifactType, emptyDigest, contentDigest,
          content.length, title, created);
      String digest = client.putManifest(repo, Digests.sha256(manifest), manifest,
          MediaTypes.OCI_MANIFEST);
      String reference = target.registry() + "/" + repo + "@" + digest;
      if (client.referrers(repo, subject.digest()).isPresent()) {
        return new Attached(reference, null);
      }
      String tag = subject.digest().replace(':', '-') + "." + tagSuffix;
      client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
      return new Attached(reference, target.registry() + "/" + repo + ":" + tag);
    } catch (RegistryException e) {
      throw new SlimException(Reason.REGISTRY, "attaching the " + tagSuffix + " to "
          + subject.digest() + ": " + e.getMessage(), e);
    }
  }

  /** The artifact manifest, keys sorted, no spaces: the same inputs give the same digest. */
  static byte[] manifest(Descriptor subject, String artifactType, String emptyDigest,
      String contentDigest, long contentSize, String title, String created) {
    return JsonWriter.canonical(Map.of(
        "annotations", Map.of("org.opencontainers.image.created", created),
        "artifactType", artifactType,
        "config", Map.of("data", "e30=", "digest", emptyDigest, "mediaType", EMPTY_MEDIA_TYPE,
            "size", 2),
        "layers", List.of(Map.of(
            "annotations", Map.of("org.opencontainers.image.title", title),
            "digest", contentDigest, "mediaType", artifactType, "size", contentSize)),
        "mediaType", MediaTypes.OCI_MANIFEST,
        "schemaVersion", 2,
        "subject", Map.of("digest", subject.digest(), "mediaType", subject.mediaType(),
            "size", subject.size())));
  }
}
