package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.inspect.Inspection;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Platform;
import dev.slim.plan.Base;
import dev.slim.plan.BaseImage;
import dev.slim.plan.BaseLayer;
import dev.slim.registry.ImageConfig;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an image base ({@code --base REF}) for one binary's platform over the base registry's
 * session: its manifest (the matching child of an index), its config's diff_ids, environment and
 * history. No layer is downloaded.
 */
final class BaseResolution {

  private BaseResolution() {}

  /**
   * The base for {@code binary}, with {@code baseRegistry} (when given) standing in for Docker
   * Hub.
   *
   * @throws SlimException USAGE for a malformed reference or a base without the binary's
   *     platform; REGISTRY when the base does not exist or cannot be read
   */
  static BaseImage resolve(Sessions sessions, String baseRegistry, Base base,
      Inspection binary) throws SlimException {
    ImageRef ref;
    try {
      ref = ImageRef.parse(base.reference());
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, "--base: " + e.getMessage());
    }
    if (baseRegistry != null && ref.registry().equals(ImageRef.DOCKER_HUB)) {
      ref = new ImageRef(baseRegistry, ref.repository(), ref.tag(), ref.digest());
    }
    Optional<BaseImage> found = find(sessions, ref, base.reference(), binary.platform());
    if (found.isEmpty()) {
      throw new SlimException(Reason.USAGE, "base image " + base.reference() + " (" + ref
          + ") has no " + binary.platform() + " image, which " + binary.file()
          + " is built for");
    }
    return found.get();
  }

  /**
   * @return empty when the base is an index without that platform, or a single-platform image
   *     of another platform
   */
  static Optional<BaseImage> find(Sessions sessions, ImageRef ref, String name,
      Platform platform) throws SlimException {
    try {
      RegistryClient client = client(sessions, ref.registry());
      String reference = ref.digest() != null ? ref.digest() : ref.tag();
      Manifest manifest = client.getManifest(ref.repository(), reference).orElseThrow(() ->
          new SlimException(Reason.REGISTRY, "base image " + name + " not found at " + ref));
      if (manifest.isIndex()) {
        Optional<Manifest.Child> child = manifest.children().stream()
            .filter(c -> platform.matches(c.platform())).findFirst();
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
        Descriptor blob = manifest.layers().get(i);
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
      throw new SlimException(Reason.REGISTRY, e.getMessage(), e);
    }
  }

  private static boolean sameOsArch(ImageConfig config, Platform platform) {
    // a config that leaves out its os or architecture cannot refuse the platform on that count
    return platform.matches(new Platform(config.os() == null ? platform.os() : config.os(),
        config.architecture() == null ? platform.architecture() : config.architecture(), null));
  }

  private static String shorten(String text) {
    String one = text.replaceAll("\\s+", " ").trim();
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  private static RegistryClient client(Sessions sessions, String registry)
      throws SlimException {
    try {
      return sessions.client(registry);
    } catch (RegistryException e) {
      throw new SlimException(Reason.REGISTRY, e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, e.getMessage(), e);
    }
  }
}
