package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.registry.ImageRef;
import java.nio.file.Path;
import java.util.Locale;

/** Where a build goes: the image name and, for a local build, the archive path. */
record Target(ImageRef ref, String name, String tag, Path archive) {

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
    return new Target(ref, dockerName, tag, archive);
  }

  /** A lowercase image name from the binary's file name: {@code My_App} gives {@code my_app}. */
  static String defaultName(Path binary) {
    String base = binary.getFileName().toString().toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
    return (base.isEmpty() ? "app" : base) + ":latest";
  }
}
