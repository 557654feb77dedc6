package dev.slim.oci;

/** The media types slim writes and reads: OCI and Docker manifests, indexes, configs, layers. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  private MediaTypes() {}

  /** Whether the type is an index: an OCI image index or a Docker manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
  }

  /** Whether the type is a gzipped tar layer, OCI or Docker. */
  public static boolean isGzipLayer(String mediaType) {
    return OCI_LAYER.equals(mediaType) || DOCKER_LAYER.equals(mediaType);
  }
}
