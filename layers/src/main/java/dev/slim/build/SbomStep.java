package dev.slim.build;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.inspect.Inspection;
import dev.slim.plan.PlanRequest;
import dev.slim.push.Referrers;
import dev.slim.push.RegistryAccess;
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
   */
  static List<String> run(BuildRequest request, Target target, BuiltImage image,
      Inspection binary, PlanRequest plan, String reference, boolean pushed)
      throws SlimException, IOException {
    List<String> locations = new ArrayList<>();
    if (!request.sbomWanted()) {
      return locations;
    }
    String document = Spdx.document(new SbomRequest(reference, binary.file(), plan.path(),
        binary.go(), plan.created()));
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
