package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.plan.PlanRequest;
import dev.slim.push.BaseDownloads;
import dev.slim.push.Published;
import dev.slim.push.Referrers;
import dev.slim.registry.Sessions;
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

  /**
   * Writes and/or pushes one SBOM per image (per platform); returns where each went, one line
   * each. With several images each local file has the platform in its name ({@code -linux-arm64}
   * before the extension; {@link Outputs} names them), and each document is attached to its
   * platform's manifest.
   *
   * @param files where each image's SBOM file goes (checked before the build), null for none
   * @param images the built images, in the order of {@code binaries}
   * @param published where the images went: the documents are named after its reference, and
   *     attached as referrers when it is a registry (over the session the push used)
   * @param downloads fetches a base image's layers when they are not on disk yet (their files,
   *     or an Alpine base's packages, go into the SBOM)
   */
  static List<String> run(BuildRequest request, Target target, List<OutputFile> files,
      List<BuiltImage> images, List<Inspection> binaries, PlanRequest plan, Published published,
      Sessions sessions, BaseDownloads downloads, Progress progress)
      throws SlimException, IOException {
    String reference = published.reference();
    List<String> locations = new ArrayList<>();
    if (!request.sbomWanted()) {
      return locations;
    }
    for (int i = 0; i < images.size(); i++) {
      BuiltImage image = images.get(i);
      Inspection binary = binaries.get(i);
      String suffix = images.size() > 1 ? "-" + image.platform().toString().replace('/', '-') : "";
      String name = images.size() > 1 ? reference + " (" + image.platform() + ")" : reference;
      String document = document(image, binary, plan, name, downloads, progress);
      OutputFile output = files.get(i);
      if (output != null) {
        output.write(document);
        locations.add(output.toString());
      }
      if (published.inRegistry()) {
        Referrers.Attached attached = Referrers.attach(target.ref(), sessions, image.manifest(),
            document.getBytes(StandardCharsets.UTF_8), Spdx.MEDIA_TYPE, "sbom",
            "sbom" + suffix + ".spdx.json", DateTimeFormatter.ISO_INSTANT.format(plan.created()));
        locations.add(attached.describe());
      }
    }
    return locations;
  }

  private static String document(BuiltImage image, Inspection binary, PlanRequest plan,
      String name, BaseDownloads downloads, Progress progress)
      throws SlimException, IOException {
    BuiltImage local = image;
    if (image.layers().stream().anyMatch(l -> l instanceof BuiltLayer.RemoteBase)) {
      local = downloads.download(image, progress);
    }
    List<Path> baseLayers = new ArrayList<>();
    for (BuiltLayer layer : local.layers()) {
      if (layer.fromBase() && layer.local().isPresent()) {
        baseLayers.add(layer.local().get());
      }
    }
    BaseLayers.Contents base = BaseLayers.read(baseLayers);
    boolean apk = !base.packages().isEmpty();
    return Spdx.document(new SbomRequest(name, binary.file(), plan.path(), binary.go(),
        plan.created(), apk ? List.of() : base.files(), base.packages()));
  }
}
