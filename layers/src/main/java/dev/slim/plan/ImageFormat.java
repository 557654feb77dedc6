package dev.slim.plan;

/** Which manifest and config media types the image uses. */
public enum ImageFormat {
  OCI,
  DOCKER;
}
