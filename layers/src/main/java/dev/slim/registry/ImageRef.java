package dev.slim.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to an image in a registry, such as {@code 127.0.0.1:5000/app:1.0} or {@code
 * alpine@sha256:…}.
 *
 * @param registry the registry host with an optional port: {@code docker.io}, {@code
 *     localhost:5000}, {@code [::1]:5000}
 * @param repository the lowercase repository path, such as {@code library/alpine}
 * @param tag the tag, or {@code null} when the reference has only a digest
 * @param digest {@code sha256:} (or {@code sha512:}) and lowercase hex, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {

  /** Docker Hub, as Docker names it in canonical references. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME_LENGTH = 255;

  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!DOMAIN.matcher(registry).matches()) {
      throw new IllegalArgumentException("registry \"" + registry
          + "\" is not a host name or address with an optional :port");
    }
    if (repository.isEmpty()) {
      throw new IllegalArgumentException("repository name is empty");
    }
    if (!repository.toLowerCase(Locale.ROOT).equals(repository)) {
      throw new IllegalArgumentException("repository name must be lowercase");
    }
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("repository name component \"" + component
            + "\" must be lowercase letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "repository name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("tag \"" + tag + "\" may contain only letters, digits, "
          + "'_', '.' and '-', must not start with '.' or '-', and has at most 128 characters");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("digest \"" + digest
          + "\" must be sha256: followed by 64 lowercase hex digits");
    }
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("a tag or a digest is needed");
    }
  }

  /**
   * Parses a reference with Docker's rules: the first path component is a registry only when it
   * contains {@code .} or {@code :} or is {@code localhost}; otherwise the registry is {@code
   * docker.io}, where a single-component name gets the {@code library/} prefix. The tag defaults to
   * {@code latest} when there is neither tag nor digest.
   *
   * @throws IllegalArgumentException with a message that quotes the reference and names the problem
   */
  public static ImageRef parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    if (reference.isEmpty()) {
      throw invalid(reference, "it is empty");
    }
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.isEmpty() && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    try {
      return new ImageRef(registry, repository, tag, digest);
    } catch (IllegalArgumentException e) {
      throw invalid(reference, e.getMessage());
    }
  }

  static boolean isRepository(String repository) {
    if (repository == null || repository.isEmpty() || repository.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * What is wrong with {@code tag} as a tag, or null: the rule {@code --tag} and slim.yaml's
   * {@code tags} check.
   */
  public static String tagProblem(String tag) {
    return isTag(tag) ? null : "'" + tag + "' is not a tag; allowed: letters, digits, '_', '.'"
        + " and '-', not starting with '.' or '-', at most 128 characters";
  }

  /** The same repository under another tag, with this digest (if any). */
  public ImageRef withTag(String newTag) {
    return new ImageRef(registry, repository, Objects.requireNonNull(newTag, "tag"), digest);
  }

  static boolean isTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  static boolean isDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }

  /** The same image pinned to a digest; the tag is kept. */
  public ImageRef withDigest(String newDigest) {
    return new ImageRef(registry, repository, tag, Objects.requireNonNull(newDigest, "digest"));
  }

  /** What to ask the manifest endpoint for: the digest when there is one, else the tag. */
  public String reference() {
    return digest != null ? digest : tag;
  }

  /** The canonical form: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      s.append(':').append(tag);
    }
    if (digest != null) {
      s.append('@').append(digest);
    }
    return s.toString();
  }

  private static IllegalArgumentException invalid(String reference, String problem) {
    return new IllegalArgumentException(
        "invalid image reference \"" + reference + "\": " + problem);
  }
}
