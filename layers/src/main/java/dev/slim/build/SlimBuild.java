package dev.slim.build;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ImageArchive;
import dev.slim.image.ImageAssembler;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.Planner;
import dev.slim.push.Baseline;
import dev.slim.push.BlobStatus;
import dev.slim.push.PushResult;
import dev.slim.push.Pusher;
import dev.slim.push.RegistryAccess;
import dev.slim.registry.ImageRef;
import dev.slim.report.BuildReport;
import dev.slim.report.LayerRow;
import dev.slim.report.Reports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The composer of {@code slim build}: inspect, plan, assemble, push or archive, report. Each step
 * is one call; this class only orders them and hands each its inputs.
 */
public final class SlimBuild {

  private SlimBuild() {}

  public static BuildResult run(BuildRequest request, Progress progress)
      throws SlimException, IOException {
    long start = System.nanoTime();
    Target target = Target.of(request);
    Inspection binary = Inspector.inspect(request.binary());
    ImagePlan plan = Planner.plan(binary,
        request.plan().withCreated(Planner.creationTime(request.environment())));

    Path work = Files.createTempDirectory("slim-build-");
    try {
      BuiltImage image = ImageAssembler.assemble(plan, work, progress);
      String gateFailure = gate(request, image);
      BuildReport report;
      String printed;
      if (request.push()) {
        Pusher pusher = Pusher.connect(target.ref(), access(request));
        Optional<Baseline> baseline = pusher.baseline(
            request.baseline() == null ? target.ref() : ImageRef.parse(request.baseline()),
            image.platform());
        String note = baselineNote(request, baseline, target);
        if (gateFailure == null) {
          PushResult pushed = pusher.push(image, progress);
          report = report(image, pushed.reference(), null, baseline, note,
              d -> pushed.statuses().getOrDefault(d, BlobStatus.REUSED).label(),
              pusher.requestCount(), start);
          printed = pushed.reference();
        } else {
          report = report(image, target.ref() + "@" + image.digest(), null, baseline, note,
              d -> "skipped", pusher.requestCount(), start);
          printed = target.ref() + "@" + image.digest();
        }
      } else {
        Optional<Baseline> baseline = Optional.empty();
        int requests = 0;
        if (request.baseline() != null) {
          Pusher reader = Pusher.connect(ImageRef.parse(request.baseline()), access(request));
          baseline = reader.baseline(ImageRef.parse(request.baseline()), image.platform());
          requests = reader.requestCount();
        }
        String note = baselineNote(request, baseline, target);
        Path archive = target.archive();
        String status = gateFailure == null ? "written" : "skipped";
        if (gateFailure == null) {
          ImageArchive.write(image, target.name(), target.tag(), archive);
        }
        report = report(image, target.name(), archive.toString(), baseline, note, d -> status,
            requests, start);
        printed = archive.toString();
      }
      writeOutputs(request, report, gateFailure == null ? printed : null);
      return new BuildResult(report, printed, gateFailure);
    } finally {
      deleteTree(work);
    }
  }

  private static RegistryAccess access(BuildRequest request) {
    return new RegistryAccess(request.username(), request.password(),
        request.insecureRegistries(), request.environment());
  }

  private static String gate(BuildRequest request, BuiltImage image) {
    if (request.maxSize() != null && image.compressedSize() > request.maxSize()) {
      return String.format(Locale.ROOT,
          "image is %d bytes compressed, over --max-size %d bytes; not %s", image.compressedSize(),
          request.maxSize(), request.push() ? "pushed" : "written");
    }
    return null;
  }

  private static String baselineNote(
      BuildRequest request, Optional<Baseline> baseline, Target target) {
    if (baseline.isPresent()) {
      return "compared with " + baseline.get().reference();
    }
    if (request.baseline() != null) {
      return "no baseline: " + request.baseline() + " was not found";
    }
    return request.push()
        ? "no baseline: nothing at " + target.ref() + " yet (give --baseline REF to compare)"
        : "no baseline (give --baseline REF to compare)";
  }

  private static BuildReport report(BuiltImage image, String reference, String archive,
      Optional<Baseline> baseline, String note, Function<String, String> status, int requests,
      long start) {
    List<LayerRow> rows = new ArrayList<>();
    for (BuiltLayer layer : image.layers()) {
      rows.add(new LayerRow(layer.blob().digest(), layer.blob().size(), layer.uncompressedSize(),
          layer.description(), status.apply(layer.blob().digest())));
    }
    LayerRow config = new LayerRow(image.config().digest(), image.config().size(), null,
        "image config", status.apply(image.config().digest()));
    return new BuildReport(reference, image.digest(), image.platform().toString(),
        image.manifest().mediaType(), archive, image.compressedSize(), image.uncompressedSize(),
        baseline.map(Baseline::reference).orElse(null),
        baseline.map(Baseline::compressedSize).orElse(null), note, rows, config, requests,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void writeOutputs(BuildRequest request, BuildReport report, String digestLine)
      throws IOException {
    if (request.digestFile() != null && digestLine != null) {
      writeAtomically(request.digestFile(), digestLine + "\n");
    }
    if (request.reportJson() != null) {
      writeAtomically(request.reportJson(), Reports.buildJson(report));
    }
    String markdown = null;
    if (request.reportMarkdown() != null) {
      markdown = Reports.buildMarkdown(report);
      writeAtomically(request.reportMarkdown(), markdown);
    }
    String summary = request.environment().get("GITHUB_STEP_SUMMARY");
    if (summary != null && !summary.isBlank()) {
      Files.writeString(Path.of(summary), markdown == null ? Reports.buildMarkdown(report) : markdown,
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".partial");
    try {
      Files.writeString(partial, content, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is not worth failing a finished build for
    }
  }
}
