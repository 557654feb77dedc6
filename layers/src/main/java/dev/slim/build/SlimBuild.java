package dev.slim.build;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.WorkFolder;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ImageArchive;
import dev.slim.image.ImageAssembler;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import dev.slim.plan.Base;
import dev.slim.plan.CreationTime;
import dev.slim.plan.BaseImage;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.Lint;
import dev.slim.plan.LintWarning;
import dev.slim.plan.PlanRequest;
import dev.slim.plan.Planner;
import dev.slim.plan.StaticBase;
import dev.slim.push.Baseline;
import dev.slim.push.BlobStatus;
import dev.slim.push.PushResult;
import dev.slim.push.Pusher;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.Sessions;
import dev.slim.report.BuildReport;
import dev.slim.report.LayerRow;
import dev.slim.report.PlatformImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.slim.inspect.Platform;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ExecutionException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
    BaselineSource baselineSource = BaselineSource.of("--baseline", request.baseline(),
        target.ref());
    List<Inspection> binaries = inspectAll(request, request.plan());
    Outputs outputs = Outputs.check(request, target, binaries);
    CreationTime.Decision created = CreationTime.decide(request.created(),
        request.environment(), binaries, request.config());
    PlanRequest planRequest = request.plan().withCreated(created.time());
    progress.update("creation time " + DateTimeFormatter.ISO_INSTANT.format(created.time())
        + " (" + created.source() + ")", 0, -1);
    Base base = planRequest.base();
    ImageFormat format = planRequest.format();

    Path work = WorkFolder.create("slim-build-");
    try {
      Sessions sessions = Sessions.forTarget(access(request), target.ref().registry(), "slim");
      Pusher pusher = Pusher.connect(target.ref(), sessions);
      BaseImage staticBase = base.kind() == Base.Kind.STATIC
          ? StaticBase.resolve(Files.createDirectories(work.resolve("static")), base.tzdata())
          : null;
      List<ImagePlan> plans = new ArrayList<>();
      List<LintWarning> warnings = new ArrayList<>();
      if (created.warning() != null) {
        Path about = request.config() != null ? request.config() : request.binary();
        warnings.add(new LintWarning(Lint.NO_CREATION_TIME, about.toString(), created.warning()));
      }
      for (Inspection binary : binaries) {
        BaseImage resolved = switch (base.kind()) {
          case SCRATCH -> BaseImage.scratch();
          case STATIC -> staticBase;
          case IMAGE -> resolveBase(pusher, request, base, binary);
        };
        ImagePlan plan = Planner.plan(binary, binaries.size() > 1
            ? planRequest.withPlatform(null) : planRequest, resolved);
        warnings.addAll(Lint.check(binary, Uses.of(binary), base));
        plans.add(plan);
      }
      // the baseline needs only the platforms: ask the registry while the layers compress
      FutureTask<Baseline.Lookup> baselineLookup = null;
      if (request.push() || request.baseline() != null) {
        List<Platform> platforms = plans.stream().map(ImagePlan::platform).toList();
        baselineLookup = new FutureTask<>(() -> baselineSource.find(pusher, platforms));
        Thread lookup = new Thread(baselineLookup, "slim-baseline");
        lookup.setDaemon(true);
        lookup.start();
      }
      List<BuiltImage> images = ImageAssembler.assembleAll(plans, work.resolve("blobs"), progress);
      BuiltIndex index = images.size() > 1 ? ImageAssembler.index(images, format) : null;
      Checks checks = Checks.of(request, images, warnings);
      String gateFailure = checks.failure(request.push());
      BuildReport report;
      String printed;
      if (request.push()) {
        Baseline.Lookup lookup = await(baselineLookup);
        Optional<Baseline> baseline = baselineSource.check(lookup);
        String note = baselineSource.note(lookup, true);
        if (gateFailure == null) {
          PushResult pushed = pusher.push(images, index, progress);
          report = report(images, index, pushed.reference(), null, baseline, note,
              d -> pushed.statuses().getOrDefault(d, BlobStatus.REUSED).label(),
              sessions.requestCount(), start);
          printed = pushed.reference();
        } else {
          String digest = index != null ? index.digest() : images.get(0).digest();
          report = report(images, index, target.ref() + "@" + digest, null, baseline, note,
              d -> "skipped", sessions.requestCount(), start);
          printed = target.ref() + "@" + digest;
        }
      } else {
        Baseline.Lookup lookup = request.baseline() == null ? null : await(baselineLookup);
        Optional<Baseline> baseline =
            lookup == null ? Optional.empty() : baselineSource.check(lookup);
        String note = baselineSource.note(lookup, false);
        Path archive = target.archive();
        String status = gateFailure == null ? "written" : "skipped";
        if (gateFailure == null) {
          List<BuiltImage> local = new ArrayList<>();
          for (BuiltImage image : images) {
            local.add(pusher.download(image, work.resolve("blobs"), progress));
          }
          ImageArchive.write(local, index == null ? null : index.withImages(local), target.name(),
              target.tag(), outputs.archive());
        }
        report = report(images, index, target.name(), archive.toString(), baseline, note,
            d -> status, sessions.requestCount(), start);
        printed = archive.toString();
      }
      if (gateFailure == null) {
        report = report.withSbom(SbomStep.run(request, target, outputs.sboms(), images,
            binaries, planRequest, request.push() ? printed : target.name(), request.push(),
            pusher, sessions, work.resolve("blobs"), progress));
      }
      report = report.withOutcome(checks.outcome(request.push()));
      outputs.write(report, gateFailure == null ? printed : null);
      return new BuildResult(report, printed, gateFailure, checks.warnings());
    } finally {
      WorkFolder.delete(work);
    }
  }

  /**
   * Inspects every binary and checks, before anything is built or sent, that each can run on
   * scratch and that no two are for the same platform.
   */
  private static List<Inspection> inspectAll(BuildRequest request, PlanRequest plan)
      throws SlimException, IOException {
    if (request.binaries().size() > 1 && plan.platform() != null) {
      throw new SlimException(Reason.USAGE, "--platform checks a single binary; with several"
          + " binaries each one's ELF header decides its platform");
    }
    List<Inspection> binaries = new ArrayList<>();
    Map<String, Path> seen = new LinkedHashMap<>();
    for (Path file : request.binaries()) {
      Inspection binary = Inspector.inspect(file);
      Planner.plan(binary, plan);
      String platform = binary.platform().toString();
      Path other = seen.putIfAbsent(platform, file);
      if (other != null) {
        throw new SlimException(Reason.USAGE, other + " and " + file + " are both built for "
            + platform + ": give one binary per platform");
      }
      binaries.add(binary);
    }
    return binaries;
  }

  private static BaseImage resolveBase(Pusher pusher, BuildRequest request, Base base,
      Inspection binary) throws SlimException {
    ImageRef ref;
    try {
      ref = ImageRef.parse(base.reference());
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, "--base: " + e.getMessage());
    }
    if (request.baseRegistry() != null && ref.registry().equals(ImageRef.DOCKER_HUB)) {
      ref = new ImageRef(request.baseRegistry(), ref.repository(), ref.tag(), ref.digest());
    }
    Optional<BaseImage> found = pusher.resolveBase(ref, base.reference(), binary.platform());
    if (found.isEmpty()) {
      throw new SlimException(Reason.USAGE, "base image " + base.reference() + " (" + ref
          + ") has no " + binary.platform() + " image, which " + binary.file()
          + " is built for");
    }
    return found.get();
  }

  /**
   * Checks a baseline option's value as {@code slim build --baseline} does, before anything is
   * built: a value that looks like a path must be an existing file, else it must be an image
   * reference.
   *
   * @throws SlimException USAGE naming {@code option} when it is neither
   */
  public static void checkBaseline(String option, String value) throws SlimException {
    BaselineSource.of(option, value, null);
  }

  private static Baseline.Lookup await(FutureTask<Baseline.Lookup> lookup)
      throws SlimException, IOException {
    try {
      return lookup.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the baseline", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SlimException slim) {
        throw slim;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("baseline lookup failed", e.getCause());
    }
  }

  private static RegistryAccess access(BuildRequest request) {
    return new RegistryAccess(request.username(), request.password(),
        request.insecureRegistries(), request.environment());
  }

  private static BuildReport report(List<BuiltImage> images, BuiltIndex index, String reference,
      String archive, Optional<Baseline> baseline, String note, Function<String, String> status,
      int requests, long start) {
    List<PlatformImage> platforms = new ArrayList<>();
    Map<String, Long> compressed = new LinkedHashMap<>();
    Map<String, Long> uncompressed = new LinkedHashMap<>();
    for (BuiltImage image : images) {
      List<LayerRow> rows = new ArrayList<>();
      for (BuiltLayer layer : image.layers()) {
        String digest = layer.blob().digest();
        rows.add(new LayerRow(digest, layer.blob().size(),
            layer.uncompressed().isPresent() ? layer.uncompressed().getAsLong() : null, layer.description(),
            status.apply(digest), layer.fromBase() ? "base" : "slim"));
        compressed.put(digest, layer.blob().size());
        uncompressed.put(digest, layer.uncompressed().orElse(0));
      }
      LayerRow config = new LayerRow(image.config().digest(), image.config().size(), null,
          "image config", status.apply(image.config().digest()), "slim");
      compressed.put(image.config().digest(), image.config().size());
      uncompressed.put(image.config().digest(), image.config().size());
      platforms.add(new PlatformImage(image.platform().toString(), image.digest(),
          image.compressedSize(), rows, config));
    }
    PlatformImage first = platforms.get(0);
    return new BuildReport(reference, index != null ? index.digest() : first.digest(),
        String.join(",", platforms.stream().map(PlatformImage::platform).toList()),
        index != null ? index.descriptor().mediaType() : images.get(0).manifest().mediaType(),
        archive, compressed.values().stream().mapToLong(Long::longValue).sum(),
        uncompressed.values().stream().mapToLong(Long::longValue).sum(),
        baseline.map(Baseline::reference).orElse(null),
        baseline.map(Baseline::compressedSize).orElse(null), note, first.layers(), first.config(),
        requests, (System.nanoTime() - start) / 1_000_000, platforms);
  }
}
