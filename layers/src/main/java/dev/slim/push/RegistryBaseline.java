package dev.slim.push;

import dev.slim.oci.Descriptor;
import dev.slim.oci.Platform;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.util.Optional;

/** A baseline in a registry: the size of the image at a reference for one platform. */
final class RegistryBaseline {

  private RegistryBaseline() {}

  /** The image at {@code ref} for {@code platform}, the matching child of an index. */
  static Baseline.Lookup find(RegistryClient client, ImageRef ref, Platform platform)
      throws RegistryException {
    Optional<Manifest> found;
    try {
      found = client.getManifest(ref.repository(), ref.reference());
    } catch (RegistryException e) {
      if (e.kind() != RegistryException.Kind.NOT_FOUND) {
        throw e;
      }
      found = Optional.empty();
    }
    if (found.isEmpty()) {
      return Baseline.Lookup.notFound("nothing at " + ref);
    }
    Manifest manifest = found.get();
    if (manifest.isIndex()) {
      Optional<Manifest.Child> child = manifest.children().stream()
          .filter(c -> platform.matches(c.platform())).findFirst();
      if (child.isEmpty()) {
        return Baseline.Lookup.noPlatform(ref + " has no " + platform + " image");
      }
      found = client.getManifest(ref.repository(), child.get().digest());
      if (found.isEmpty()) {
        return Baseline.Lookup.noPlatform(ref + " lists a " + platform + " image that the"
            + " registry does not have");
      }
      manifest = found.get();
    }
    long size = manifest.config() == null ? 0 : manifest.config().size();
    for (Descriptor layer : manifest.layers()) {
      size = Math.addExact(size, layer.size());
    }
    return Baseline.Lookup.of(new Baseline(ref.toString(), manifest.digest(), size));
  }
}
