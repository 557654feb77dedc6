package dev.slim.plan;

import java.util.List;
import java.util.Objects;

/**
 * A base resolved for one platform: what goes under the binary's layer.
 *
 * @param name for the {@code org.opencontainers.image.base.name} annotation
 * @param digest the base manifest's digest (for {@code .base.digest}), or null
 * @param layers layers slim builds itself (the static base's runtime layers)
 * @param remote layers reused from a base image in a registry, in order
 * @param env the base's environment, {@code KEY=VALUE}; the user's --env overrides it
 */
public record BaseImage(
    String name, String digest, List<LayerPlan> layers, List<BaseLayer> remote, List<String> env) {

  public BaseImage {
    Objects.requireNonNull(name, "name");
    layers = List.copyOf(layers);
    remote = List.copyOf(remote);
    env = List.copyOf(env);
    if (!layers.isEmpty() && !remote.isEmpty()) {
      throw new IllegalArgumentException("a base is either built by slim or taken from a registry");
    }
  }

  /** Nothing under the binary. */
  public static BaseImage scratch() {
    return new BaseImage("scratch", null, List.of(), List.of(), List.of());
  }
}
