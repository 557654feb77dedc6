package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile;
import dev.slim.image.Progress;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import dev.slim.render.ManyReport;
import dev.slim.render.ManyReports;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composer of a run of several builds: every image's {@link SlimBuild} in one process, side
 * by side ({@code jobs} at once), over one registry session per registry and one static base.
 * One image's failure is its own: the others go on, and nothing of it is tagged.
 */
public final class SlimBuilds {

  /** Receives each image's progress and end; must be thread-safe. */
  public interface Board {
    /** The progress of image {@code index} (in the order given). */
    Progress image(int index);

    /** Image {@code index} has ended. */
    void ended(int index, ImageOutcome outcome);
  }

  private SlimBuilds() {}

  /**
   * Builds every image, then writes the run's digest file and reports.
   *
   * @throws SlimException USAGE before anything is built: an image's target or the run's
   *     outputs are wrong, or two images go to the same place
   */
  public static ManyResult run(ManyRequest request, Board board)
      throws SlimException, IOException {
    long start = System.nanoTime();
    List<ManyRequest.Image> images = request.images();
    Set<String> registries = checkTargets(images);
    Map<String, String> environment = images.get(0).request().environment();
    String summary = environment.get("GITHUB_STEP_SUMMARY");
    OutputFile digestFile = output("--digest-file", request.digestFile());
    OutputFile reportJson = output("--report-json", request.reportJson());
    OutputFile reportMarkdown = output("--report-markdown", request.reportMarkdown());
    OutputFile stepSummary = summary == null || summary.isBlank() ? null
        : OutputFile.of("$GITHUB_STEP_SUMMARY", Path.of(summary));
    BuildRequest first = images.get(0).request();
    Sessions sessions = Sessions.forTargets(new RegistryAccess(first.username(),
        first.password(), first.insecureRegistries(), environment), registries, "slim");
    List<ImageOutcome> outcomes;
    try (SharedRun shared = SharedRun.open(sessions)) {
      authenticate(sessions, images);
      outcomes = buildAll(request, shared, board);
    }
    List<ManyReport.Entry> entries = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      entries.add(entry(images.get(i), outcomes.get(i)));
      if (outcomes.get(i) instanceof ImageOutcome.Built built
          && built.result().gateFailure().isEmpty()) {
        printed.add(built.result().printed());
      }
    }
    ManyReport report = new ManyReport(entries, sessions.count(), sessions.requestCount(),
        (System.nanoTime() - start) / 1_000_000);
    if (digestFile != null && !printed.isEmpty()) {
      digestFile.write(String.join("\n", printed) + "\n");
    }
    if (reportJson != null) {
      reportJson.write(ManyReports.json(report));
    }
    String markdown = reportMarkdown == null && stepSummary == null ? null
        : ManyReports.markdown(report);
    if (reportMarkdown != null) {
      reportMarkdown.write(markdown);
    }
    if (stepSummary != null) {
      stepSummary.append(markdown);
    }
    return new ManyResult(outcomes, report, printed);
  }

  /**
   * Checks every image's target before anything is built: each must be valid, and no two may go
   * to the same reference or archive. Returns the registries pushed to.
   */
  private static Set<String> checkTargets(List<ManyRequest.Image> images) throws SlimException {
    Map<String, Path> seen = new HashMap<>();
    Set<String> registries = new LinkedHashSet<>();
    for (ManyRequest.Image image : images) {
      Target target;
      try {
        target = Target.of(image.request());
      } catch (SlimException e) {
        throw new SlimException(Reason.USAGE, image.source() + ": " + e.getMessage());
      }
      String where = image.request().push() ? target.ref().withTag(target.tag()).toString()
          : target.archive().toAbsolutePath().normalize().toString();
      Path other = seen.putIfAbsent(where, image.source());
      if (other != null) {
        throw new SlimException(Reason.USAGE, other + " and " + image.source() + " both build "
            + where + ": give each its own image: (or output) in its slim.yaml");
      }
      if (image.request().push()) {
        registries.add(target.ref().registry());
      }
    }
    return registries;
  }

  /**
   * Meets each registry's authentication challenge once, before the builds start side by side:
   * the session then answers up front (Basic) or asks the token realm it learnt (Bearer),
   * instead of every build meeting its own 401. A failure here is left to the builds to report.
   */
  private static void authenticate(Sessions sessions, List<ManyRequest.Image> images) {
    Map<String, String> repositories = new TreeMap<>();
    for (ManyRequest.Image image : images) {
      if (image.request().push()) {
        try {
          var ref = Target.of(image.request()).ref();
          repositories.putIfAbsent(ref.registry(), ref.repository());
        } catch (SlimException checkedBefore) {
          // checkTargets has refused it already
        }
      }
    }
    repositories.forEach((registry, repository) -> {
      try {
        sessions.client(registry).blobSize(repository, EMPTY);
      } catch (RegistryException | RuntimeException e) {
        // the builds that push there meet the same failure and each reports it
      }
    });
  }

  /** The digest of no bytes: a blob that a HEAD asks for without changing anything. */
  private static final String EMPTY =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static List<ImageOutcome> buildAll(ManyRequest request, SharedRun shared, Board board)
      throws IOException {
    List<ManyRequest.Image> images = request.images();
    AtomicReference<String> failed = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.jobs(), images.size()),
        r -> {
          Thread t = new Thread(r, "slim-image");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<ImageOutcome>> running = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        int index = i;
        running.add(pool.submit(() -> {
          ManyRequest.Image image = images.get(index);
          ImageOutcome outcome = failed.get() != null && request.failFast()
              ? new ImageOutcome.Skipped(image.label(), failed.get())
              : buildOne(image, shared, board.image(index));
          if (!(outcome instanceof ImageOutcome.Skipped) && !succeeded(outcome)) {
            failed.compareAndSet(null, image.label());
          }
          board.ended(index, outcome);
          return outcome;
        }));
      }
      List<ImageOutcome> outcomes = new ArrayList<>();
      for (Future<ImageOutcome> one : running) {
        outcomes.add(await(one));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageOutcome buildOne(ManyRequest.Image image, SharedRun shared,
      Progress progress) {
    // the run appends one job summary for all its images, not one per image
    Map<String, String> environment = new HashMap<>(image.request().environment());
    environment.remove("GITHUB_STEP_SUMMARY");
    try {
      return new ImageOutcome.Built(image.label(), SlimBuild.run(
          image.request().toBuilder().environment(environment).build(), progress, shared));
    } catch (Exception e) {
      return new ImageOutcome.Failed(image.label(), e);
    }
  }

  private static boolean succeeded(ImageOutcome outcome) {
    return outcome instanceof ImageOutcome.Built built && built.result().gateFailure().isEmpty();
  }

  private static ImageOutcome await(Future<ImageOutcome> one) throws IOException {
    try {
      return one.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the images were built", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an image's build escaped its own handling",
          e.getCause());
    }
  }

  private static ManyReport.Entry entry(ManyRequest.Image image, ImageOutcome outcome) {
    String source = image.source().toString();
    if (outcome instanceof ImageOutcome.Built b) {
      return new ManyReport.Entry(image.label(), source, b.result().report(), null, false);
    }
    if (outcome instanceof ImageOutcome.Failed f) {
      return new ManyReport.Entry(image.label(), source, null, why(f.failure()), false);
    }
    ImageOutcome.Skipped s = (ImageOutcome.Skipped) outcome;
    return new ManyReport.Entry(image.label(), source, null,
        "not built: --fail-fast stopped the run after " + s.after() + " failed", true);
  }

  /** The failure's message for people, as the single build prints it. */
  private static String why(Exception failure) {
    if (failure instanceof SlimException) {
      return failure.getMessage();
    }
    if (failure instanceof NoSuchFileException missing) {
      return "file not found: " + missing.getFile();
    }
    return "internal error (" + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")";
  }

  private static OutputFile output(String option, Path path) throws SlimException {
    return path == null ? null : OutputFile.of(option, path);
  }
}
