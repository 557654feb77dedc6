package dev.slim.sbom;

import dev.slim.inspect.GoBuildInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What goes into an image's SBOM.
 *
 * @param image the image reference (name of the document and of the image package)
 * @param binary the binary on disk (hashed)
 * @param pathInImage where the binary is in the image, e.g. {@code /app}
 * @param go the binary's Go build info, or null
 * @param created the document's creation time (the image's, so the document is reproducible)
 * @param baseFiles files of the base layers, sorted by the generator
 * @param basePackages installed packages of the base (e.g. Alpine's), sorted by the generator
 */
public record SbomRequest(String image, Path binary, String pathInImage, GoBuildInfo go,
    Instant created, List<BaseFile> baseFiles, List<BasePackage> basePackages) {

  public SbomRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(pathInImage, "pathInImage");
    Objects.requireNonNull(created, "created");
    baseFiles = List.copyOf(baseFiles);
    basePackages = List.copyOf(basePackages);
    if (!pathInImage.startsWith("/")) {
      throw new IllegalArgumentException("pathInImage must be absolute: " + pathInImage);
    }
  }

  /** An SBOM of a scratch image: the binary and, for Go, its modules. */
  public SbomRequest(String image, Path binary, String pathInImage, GoBuildInfo go,
      Instant created) {
    this(image, binary, pathInImage, go, created, List.of(), List.of());
  }

  /** A file of a base layer, with its hex digests. */
  public record BaseFile(String path, String sha256, String sha1) {
    public BaseFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(sha1, "sha1");
    }
  }

  /**
   * An installed package of the base.
   *
   * @param purl e.g. {@code pkg:apk/alpine/musl@1.2.4-r2}
   */
  public record BasePackage(String name, String version, String purl) {
    public BasePackage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(purl, "purl");
    }
  }
}
