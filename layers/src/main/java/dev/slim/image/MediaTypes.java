package dev.slim.image;

import dev.slim.plan.ImageFormat;

/** The media types of each format. */
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

  static String manifest(ImageFormat format) {
    return format == ImageFormat.OCI ? OCI_MANIFEST : DOCKER_MANIFEST;
  }

  static String config(ImageFormat format) {
    return format == ImageFormat.OCI ? OCI_CONFIG : DOCKER_CONFIG;
  }

  static String layer(ImageFormat format) {
    return format == ImageFormat.OCI ? OCI_LAYER : DOCKER_LAYER;
  }
}
