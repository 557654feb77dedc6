package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.WorkFolder;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.ImageAssembler;
import dev.slim.image.LayerSink;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import dev.slim.plan.Base;
import dev.slim.plan.BaseImage;
import dev.slim.plan.CreationTime;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.Lint;
import dev.slim.plan.LintWarning;
import dev.slim.plan.PlanRequest;
import dev.slim.plan.Planner;
import dev.slim.plan.StaticBase;
import dev.slim.push.BaseDownloads;
import dev.slim.push.Baseline;
import dev.slim.push.Published;
import dev.slim.push.Publisher;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.Sessions;
import dev.slim.render.BuildReport;
import dev.slim.render.BuildReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The composer of {@code slim build}: inspect, plan, assemble, publish (to a registry or an
 * archive), report. Each step is one call; this class only orders them and hands each its inputs.
 * Every registry is reached through one session of the run's {@link Sessions}.
 */
public final class SlimBuild {

  private SlimBuild() {}

  public static BuildResult run(BuildRequest request, Progress progress)
      throws SlimException, IOException {
    return run(request, progress, null);
  }

  /**
   * One build of a run; {@code shared} holds what the run's builds share (null: a build of its
   * own, with its own sessions and static base).
   */
  static BuildResult run(BuildRequest request, Progress progress, SharedRun shared)
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

    Path work = shared != null ? shared.folder() : WorkFolder.create("slim-build-");
    try {
      Sessions sessions = shared != null ? shared.sessions()
          : Sessions.forTarget(new RegistryAccess(request.username(), request.password(),
              request.insecureRegistries(), request.environment()), target.ref().registry(),
              "slim");
      BaseDownloads downloads = new BaseDownloads(sessions, work.resolve("blobs"));
      Publisher publisher = request.push()
          ? Publisher.registry(target.ref(), target.tags().subList(1, target.tags().size()),
              sessions, shared == null ? null : shared.pushed())
          : Publisher.archive(outputs.archive(), target.names(), target.tags(),
              target.archive().toString(), downloads);
      List<LintWarning> warnings = new ArrayList<>();
      if (created.warning() != null) {
        Path about = request.config() != null ? request.config() : request.binary();
        warnings.add(new LintWarning(Lint.NO_CREATION_TIME, about.toString(),
            created.warning()));
      }
      List<ImagePlan> plans = plan(request, planRequest, binaries, sessions, work, warnings,
          shared);
      try (BaselineLookup baselineLookup = BaselineLookup.start(baselineSource,
          baselineSource.wanted(request.push()), sessions,
          plans.stream().map(ImagePlan::platform).toList())) {
        // layers stream to the registry while they compress unless a gate could still stop
        // the push once the image is built
        boolean streams = request.push() && request.maxSize() == null
            && Checks.of(request, List.of(), warnings).passed();
        List<BuiltImage> images = ImageAssembler.assembleAll(plans, work.resolve("blobs"),
            progress, shared == null ? null : shared.layers(),
            streams ? publisher.layerSink() : LayerSink.NONE);
        BuiltIndex index = images.size() > 1 ? ImageAssembler.index(images, planRequest.format())
            : null;
        Checks checks = Checks.of(request, images, warnings);
        Optional<Baseline.Lookup> lookup = baselineLookup.await();
        Optional<Baseline> baseline = baselineSource.check(lookup);
        Published published = checks.passed() ? publisher.publish(images, index, progress)
            : publisher.skip(images, index);
        BuildReport report = BuildReports.of(images, index, published, baseline,
            baselineSource.note(lookup, request.push()), sessions.requestCount(),
            (System.nanoTime() - start) / 1_000_000)
            .withCompressionLevel(planRequest.compressionLevel());
        if (checks.passed()) {
          report = report.withSbom(SbomStep.run(request, target, outputs.sboms(), images,
              binaries, planRequest, published, sessions, downloads, progress));
        }
        report = report.withOutcome(checks.outcome(request.push()));
        outputs.write(report, checks.passed() ? published.printed() : null);
        return new BuildResult(report, published.printed(),
            checks.failure(request.push()), checks.warnings());
      }
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
      Planner.check(binary, plan);
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

  /** One plan per binary, on its base; adds each binary's lint warnings to {@code warnings}. */
  private static List<ImagePlan> plan(BuildRequest request, PlanRequest planRequest,
      List<Inspection> binaries, Sessions sessions, Path work, List<LintWarning> warnings,
      SharedRun shared) throws SlimException, IOException {
    Base base = planRequest.base();
    BaseImage staticBase = base.kind() != Base.Kind.STATIC ? null
        : shared != null ? shared.staticBase(base.tzdata())
        : StaticBase.resolve(Files.createDirectories(work.resolve("static")), base.tzdata());
    List<ImagePlan> plans = new ArrayList<>();
    for (Inspection binary : binaries) {
      BaseImage resolved = switch (base.kind()) {
        case SCRATCH -> BaseImage.scratch();
        case STATIC -> staticBase;
        case IMAGE -> BaseResolution.resolve(sessions, request.baseRegistry(), base, binary);
      };
      plans.add(Planner.plan(binary, binaries.size() > 1
          ? planRequest.withPlatform(null) : planRequest, resolved));
      warnings.addAll(Lint.check(binary, Uses.of(binary), base));
    }
    return plans;
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
}
