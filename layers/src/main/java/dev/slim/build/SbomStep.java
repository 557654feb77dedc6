package dev.slim.build;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.plan.PlanRequest;
import dev.slim.push.Pusher;
import dev.slim.push.Referrers;
import dev.slim.push.RegistryAccess;
import dev.slim.sbom.BaseLayers;
import dev.slim.sbom.SbomRequest;
import dev.slim.sbom.Spdx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code slim build --sbom}: the SPDX document, written locally and/or attached to the image. */
final class SbomStep {

  private SbomStep() {}

  /** Refuses what the SBOM step does not do, before anything is built. */
  static void check(BuildRequest request) throws SlimException {
    if (request.sbomWanted() && request.binaries().size() > 1) {
      throw new SlimException(Reason.USAGE, "--sbom/--sbom-output take one binary; a multi-arch"
          + " build (several binaries) has no SBOM yet");
    }
  }

  /**
   * Writes and/or pushes the SBOM of {@code image}; returns where it went, one line each.
   *
   * @param reference the image reference the document is named after
   * @param pushed whether the image was pushed (then the SBOM is attached as a referrer)
   * @param pusher downloads a base image's layers when they are not on disk yet (their files,
   *     or an Alpine base's packages, go into the SBOM)
   */
  static List<String> run(BuildRequest request, Target target, BuiltImage image,
      Inspection binary, PlanRequest plan, String reference, boolean pushed, Pusher pusher,
      Path blobs, Progress progress) throws SlimException, IOException {
    List<String> locations = new ArrayList<>();
    if (!request.sbomWanted()) {
      return locations;
    }
    BuiltImage local = image;
    boolean missing = image.layers().stream().anyMatch(l -> l.fromBase() && l.file() == null);
    if (missing) {
      local = pusher.download(image, blobs, progress);
    }
    List<Path> baseLayers = new ArrayList<>();
    for (BuiltLayer layer : local.layers()) {
      if (layer.fromBase() && layer.file() != null) {
        baseLayers.add(layer.file());
      }
    }
    BaseLayers.Contents base = BaseLayers.read(baseLayers);
    boolean apk = !base.packages().isEmpty();
    String document = Spdx.document(new SbomRequest(reference, binary.file(), plan.path(),
        binary.go(), plan.created(), apk ? List.of() : base.files(), base.packages()));
    Path output = request.sbomOutput();
    if (output == null && !pushed) {
      String archive = target.archive().toString();
      output = Path.of((archive.endsWith(".tar") ? archive.substring(0, archive.length() - 4)
          : archive) + ".spdx.json");
    }
    if (output != null) {
      SlimBuild.writeAtomically(output, document);
      locations.add(output.toString());
    }
    if (pushed) {
      RegistryAccess access = new RegistryAccess(request.username(), request.password(),
          request.insecureRegistries(), request.environment());
      Referrers.Attached attached = Referrers.attach(target.ref(), access, image.manifest(),
          document.getBytes(StandardCharsets.UTF_8), Spdx.MEDIA_TYPE, "sbom", "sbom.spdx.json",
          DateTimeFormatter.ISO_INSTANT.format(plan.created()));
      locations.add(attached.describe());
    }
    return locations;
  }
}
