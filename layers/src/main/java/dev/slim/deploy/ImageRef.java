package dev.slim.deploy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as a manifest spells it, and the repository it names.
 *
 * @param name the name as written, without tag or digest ({@code nginx}, {@code ghcr.io/a/b})
 * @param repository the name normalised, {@code REGISTRY/PATH}: Docker Hub's short names made
 *     full ({@code nginx} is {@code docker.io/library/nginx}), the registry host in lower case
 * @param tag the tag, or null
 * @param digest the digest, or null
 */
record ImageRef(String name, String repository, String tag, String digest) {

  static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** The reference in {@code text}; empty for text that is no image reference (a template). */
  static Optional<ImageRef> parse(String text) {
    Optional<dev.slim.registry.ImageRef> ref = registryRef(text);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    int at = text.indexOf('@');
    String beforeDigest = at < 0 ? text : text.substring(0, at);
    String name = beforeDigest;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/') && colon > name.lastIndexOf(']')) {
      name = name.substring(0, colon);
    }
    String tag = name.length() < beforeDigest.length()
        ? beforeDigest.substring(name.length() + 1) : null;
    return Optional.of(new ImageRef(name, repositoryOf(ref.get()), tag, ref.get().digest()));
  }

  /** {@code name} normalised as {@link #repository}; empty for no repository name. */
  static Optional<String> repository(String name) {
    if (name.indexOf('@') >= 0) {
      return Optional.empty();
    }
    return registryRef(name).map(ImageRef::repositoryOf);
  }

  /** The reference read by the registry client's rules, which also decide where slim pushes. */
  private static Optional<dev.slim.registry.ImageRef> registryRef(String text) {
    try {
      return Optional.of(dev.slim.registry.ImageRef.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code REGISTRY/PATH}, the host in lower case and Docker Hub's other names as docker.io. */
  private static String repositoryOf(dev.slim.registry.ImageRef ref) {
    String host = ref.registry().toLowerCase(Locale.ROOT);
    if (host.equals("registry-1.docker.io")) {
      host = dev.slim.registry.ImageRef.DOCKER_HUB;
    }
    return host + "/" + ref.repository();
  }

  /** The reference pinned: the name as written, at {@code newDigest}, without the tag. */
  String pinned(String newDigest) {
    return name + "@" + newDigest;
  }
}
