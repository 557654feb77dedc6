package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.registry.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a build goes: the image name and, for a local build, the archive path.
 *
 * @param tags every tag, the image's own first, each once
 * @param names the name {@code docker load} gives the image under each tag, {@code name} first
 */
record Target(ImageRef ref, String name, String tag, Path archive, List<String> tags,
    List<String> names) {

  Target {
    tags = List.copyOf(tags);
    names = List.copyOf(names);
  }

  static Target of(BuildRequest request) throws SlimException {
    if (request.push() && request.image() == null) {
      throw new SlimException(Reason.USAGE,
          "--push needs --image REGISTRY/REPOSITORY:TAG to know where to push");
    }
    String name = request.image() != null ? request.image() : defaultName(request.binary());
    ImageRef ref;
    try {
      ref = ImageRef.parse(name);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, "--image: " + e.getMessage());
    }
    if (ref.digest() != null && ref.tag() == null) {
      throw new SlimException(Reason.USAGE,
          "--image needs a tag, not a digest: the digest is what slim computes");
    }
    String tag = ref.tag() == null ? "latest" : ref.tag();
    String last = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
    Path archive = request.output() != null
        ? request.output()
        : Path.of("build", last + ("latest".equals(tag) ? "" : "-" + tag) + ".tar");
    String dockerName = request.image() != null ? name : last + ":" + tag;
    Set<String> tags = new LinkedHashSet<>(List.of(tag));
    for (String more : request.tags()) {
      String problem = ImageRef.tagProblem(more);
      if (problem != null) {
        throw new SlimException(Reason.USAGE, "--tag: " + problem);
      }
      tags.add(more);
    }
    List<String> names = new ArrayList<>(List.of(dockerName));
    String repository = untagged(dockerName);
    tags.stream().skip(1).forEach(t -> names.add(repository + ":" + t));
    return new Target(ref, dockerName, tag, archive, List.copyOf(tags), names);
  }

  /** {@code name} without its tag or digest (a port's colon stays). */
  private static String untagged(String name) {
    int at = name.indexOf('@');
    String rest = at < 0 ? name : name.substring(0, at);
    int colon = rest.lastIndexOf(':');
    return colon > rest.lastIndexOf('/') ? rest.substring(0, colon) : rest;
  }

  /** A lowercase image name from the binary's file name: {@code My_App} gives {@code my_app}. */
  static String defaultName(Path binary) {
    String base = binary.getFileName().toString().toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
    return (base.isEmpty() ? "app" : base) + ":latest";
  }
}
