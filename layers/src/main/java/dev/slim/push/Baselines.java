package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.oci.Platform;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.nio.file.Path;

/** Where a baseline is read: a local archive, or an image over the registry's session. */
public final class Baselines {

  private Baselines() {}

  /**
   * The size of the image in a local archive ({@code docker save} or OCI layout tar) for
   * {@code platform}; uncompressed layers count as what gzip -6 makes of them.
   */
  public static Baseline.Lookup fromArchive(Path archive, Platform platform)
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
  public static Baseline.Lookup fromRegistry(Sessions sessions, ImageRef ref, Platform platform)
      throws SlimException {
    try {
      return RegistryBaseline.find(Clients.of(sessions, ref.registry()), ref, platform);
    } catch (RegistryException e) {
      throw Clients.error(e);
    } catch (ArithmeticException e) {
      throw new SlimException(Reason.REGISTRY, "baseline " + ref + " declares layer sizes whose"
          + " sum is larger than 8 EiB: not a real image");
    }
  }
}
