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

  private static final Pattern PATH = Pattern.compile(
      "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
          + "[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:"
      + "[a-zA-Z0-9=_-]{32,}");

  /** The reference in {@code text}; empty for text that is no image reference (a template). */
  static Optional<ImageRef> parse(String text) {
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!ANY_DIGEST.matcher(digest).matches()) {
        return Optional.empty();
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return Optional.empty();
      }
    }
    Optional<String> repository = repository(rest);
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ImageRef(rest, repository.get(), tag, digest));
  }

  /** {@code name} normalised as {@link #repository}; empty for no repository name. */
  static Optional<String> repository(String name) {
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    String host;
    String path;
    if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
        || first.startsWith("["))) {
      host = first.toLowerCase(Locale.ROOT);
      path = name.substring(slash + 1);
      if (!HOST.matcher(first).matches()) {
        return Optional.empty();
      }
    } else {
      host = "docker.io";
      path = name;
    }
    if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = "docker.io";
    }
    if (!PATH.matcher(path).matches()) {
      return Optional.empty();
    }
    if (host.equals("docker.io") && !path.contains("/")) {
      path = "library/" + path;
    }
    return Optional.of(host + "/" + path);
  }

  /** The reference pinned: the name as written, at {@code newDigest}, without the tag. */
  String pinned(String newDigest) {
    return name + "@" + newDigest;
  }
}
