package dev.slim.image;

import dev.slim.oci.Descriptor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A layer of a built image, in one of three states: {@link Built} by slim (a file on disk, sizes
 * known), a {@link RemoteBase} image's layer still in its registry (no file, uncompressed size
 * unknown), or a base layer {@link DownloadedBase downloaded} for a local archive or an SBOM
 * (both).
 */
public sealed interface BuiltLayer {

  /** The compressed layer as pushed and pulled. */
  Descriptor blob();

  /** sha256 of the uncompressed tar, as listed in the config's rootfs. */
  String diffId();

  /** What the layer holds, for people. */
  String description();

  /** Whether the layer belongs to the base rather than to the binary. */
  boolean fromBase();

  /** Bytes of the uncompressed tar, when known (not for a base image's layer). */
  OptionalLong uncompressed();

  /** Where the compressed bytes are on disk; empty for a base layer not downloaded. */
  Optional<Path> local();

  /**
   * A layer slim wrote.
   *
   * @param uncompressedSize bytes of the uncompressed tar
   * @param file where the compressed bytes are
   * @param fromBase true for the layers of slim's own static base
   */
  record Built(Descriptor blob, String diffId, long uncompressedSize, String description,
      Path file, boolean fromBase) implements BuiltLayer {
    public Built {
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(diffId, "diffId");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(file, "file");
      if (uncompressedSize < 0) {
        throw new IllegalArgumentException("negative uncompressed size " + uncompressedSize);
      }
    }

    public Built(Descriptor blob, String diffId, long uncompressedSize, String description,
        Path file) {
      this(blob, diffId, uncompressedSize, description, file, false);
    }

    @Override
    public OptionalLong uncompressed() {
      return OptionalLong.of(uncompressedSize);
    }

    @Override
    public Optional<Path> local() {
      return Optional.of(file);
    }
  }

  /**
   * A base image's layer, still only in its registry.
   *
   * @param source {@code registry/repository} the layer is copied or mounted from
   */
  record RemoteBase(Descriptor blob, String diffId, String description, String source)
      implements BuiltLayer {
    public RemoteBase {
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(diffId, "diffId");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(source, "source");
    }

    @Override
    public boolean fromBase() {
      return true;
    }

    @Override
    public OptionalLong uncompressed() {
      return OptionalLong.empty();
    }

    @Override
    public Optional<Path> local() {
      return Optional.empty();
    }

    /** The same layer, its bytes now in {@code file}. */
    public DownloadedBase downloadedTo(Path file) {
      return new DownloadedBase(blob, diffId, description, source, file);
    }
  }

  /**
   * A base image's layer whose bytes were downloaded (checked against the digest).
   *
   * @param source {@code registry/repository} it came from
   * @param file where the compressed bytes are
   */
  record DownloadedBase(Descriptor blob, String diffId, String description, String source,
      Path file) implements BuiltLayer {
    public DownloadedBase {
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(diffId, "diffId");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(file, "file");
    }

    @Override
    public boolean fromBase() {
      return true;
    }

    @Override
    public OptionalLong uncompressed() {
      return OptionalLong.empty();
    }

    @Override
    public Optional<Path> local() {
      return Optional.of(file);
    }
  }
}
