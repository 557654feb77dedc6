package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.cleanup.Cleanup;
import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupRequest;
import dev.slim.cleanup.Confirmation;
import dev.slim.cleanup.Policy;
import dev.slim.files.OutputFile;
import dev.slim.render.CleanupReports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slim report REGISTRY[/REPO]...}: what a registry stores and what a policy frees. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reports what registry repositories store (shared layers counted once), gives every tag",
      "a verdict under a retention policy, and predicts the bytes the registry's garbage",
      "collection frees. Reads manifests and configs only. Nothing changes without --apply.",
      "The table goes to stdout (to stderr when a report FILE is '-', stdout); prompts and",
      "errors to stderr."
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "REGISTRY[/REPOSITORY]",
      description = "A repository, or a registry for every repository its catalog lists.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--keep-last", paramLabel = "N",
      description = "Keep the N newest images of each repository (by --order: creation time,"
          + " or the tags' versions).")
  Integer keepLast;

  @Option(names = "--order", paramLabel = "created|semver", defaultValue = "created",
      description = "What --keep-last ranks images by: created (their creation time; default)"
          + " or semver (their tags as versions: v1, 1.4, 1.4.2, v2.0.0-rc.1). An image the"
          + " order cannot rank (created: time unknown, at or before 1980, or shared with"
          + " another image; semver: a tag that is no version) is kept, with the reason.")
  String order;

  @Option(names = "--older-than", paramLabel = "AGE",
      description = "Delete only images created longer ago (30d, 12h, 2w). An image whose"
          + " creation time is unknown (at or before 1980) or shared is kept.")
  String olderThan;

  @Option(names = "--keep", paramLabel = "REGEX", description = "Always keep matching tags.")
  String keep;

  @Option(names = "--only", paramLabel = "REGEX",
      description = "Consider only matching tags; keep every other tag.")
  String only;

  @Option(names = "--protect", paramLabel = "DIGEST|@FILE",
      description = "Always keep this digest (repeatable); @FILE reads digests in use, one a line.")
  List<String> protect = new ArrayList<>();

  @Option(names = "--include-latest",
      description = "Let the policy delete 'latest' too (kept by default).")
  boolean includeLatest;

  @Option(names = "--apply",
      description = "Delete the manifests the policy marks. Asks first on a terminal; without"
          + " one (CI), give --yes.")
  boolean apply;

  @Option(names = {"-y", "--yes"}, description = "With --apply: do not ask.")
  boolean yes;

  @Option(names = "--deep",
      description = "Also download layers to find images whose entrypoint is a static binary"
          + " on a base, with the size 'slim build' would give.")
  boolean deep;

  @Option(names = "--max-tags", paramLabel = "N",
      defaultValue = "" + CleanupRequest.DEFAULT_MAX_TAGS,
      description = "Read at most N tags per repository (default: ${DEFAULT-VALUE}); a"
          + " repository with more is skipped.")
  int maxTags;

  @Option(names = "--top", paramLabel = "N",
      description = "List at most N tags in the table and the Markdown report, those whose"
          + " deletion frees the most first, then how many more and their bytes (default: every"
          + " tag). The JSON report keeps every tag.")
  Integer top;

  @Option(names = "--jobs", paramLabel = "N",
      defaultValue = "" + CleanupRequest.DEFAULT_CONCURRENCY,
      description = "Send at most N requests at once: manifest and config reads, deletions"
          + " (default: ${DEFAULT-VALUE}). When the registry answers 429 or 503, every request"
          + " waits as long as it says (Retry-After, at most 10 s).")
  int jobs;

  @Option(names = "--journal", paramLabel = "FILE",
      description = "With --apply: append one JSON line per deleted manifest (time, registry,"
          + " repository, digest, tags, bytes, result) to FILE as it happens. An --apply that"
          + " was stopped can simply be run again: it finishes the job.")
  Path journal;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report.")
  Path json;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Write the Markdown report.")
  Path markdown;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Write a self-contained HTML page with a chart.")
  Path html;

  @Mixin RegistryLogin registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BufferedReader stdin = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String password = registry.password(stdin);
    if (yes && !apply) {
      throw usage("--yes only goes with --apply");
    }
    if (apply && registry.passwordStdin && !yes) {
      throw usage("--password-stdin reads stdin, so --apply needs --yes to confirm");
    }
    if (maxTags < 1 || maxTags == Integer.MAX_VALUE) {
      throw usage("--max-tags must be a number from 1 to " + (Integer.MAX_VALUE - 1));
    }
    if (top != null && top < 1) {
      throw usage("--top must be at least 1 (the number of tags listed), not " + top);
    }
    int listed = top == null ? Integer.MAX_VALUE : top;
    if (jobs < 1 || jobs > 256) {
      throw usage("--jobs must be a number from 1 to 256, not " + jobs);
    }
    if (journal != null && !apply) {
      throw usage("--journal only goes with --apply (it records deletions)");
    }
    if (journal != null && (Files.isDirectory(journal)
        || (Files.exists(journal) && !Files.isWritable(journal)))) {
      throw usage("--journal " + journal + ": not a file slim can append to");
    }
    if (apply && !yes && !interactive()) {
      throw usage("--apply asks before deleting, and there is no terminal to ask on: add --yes"
          + " to delete without asking");
    }
    // checked before the registry is read (and, with --apply, before anything is deleted)
    OutputFile jsonFile = output("--json", json);
    OutputFile markdownFile = output("--markdown", markdown);
    OutputFile htmlFile = output("--html", html);
    List<OutputFile> onStdout = Stream.of(jsonFile, markdownFile, htmlFile)
        .filter(f -> f != null && f.way() == OutputFile.Way.STDOUT).toList();
    if (onStdout.size() > 1) {
      throw usage(onStdout.get(0).option() + " and " + onStdout.get(1).option()
          + " both write to stdout ('-'); only one can");
    }
    CleanupRequest request = new CleanupRequest(targets, policy(), apply, deep,
        registry.username, password, registry.insecureRegistries(), System.getenv(), Instant.now(),
        jobs, maxTags, journal);
    PrintWriter err = spec.commandLine().getErr();
    // a report on stdout ('-') keeps stdout one document: the table goes to stderr
    PrintWriter out = onStdout.isEmpty() ? spec.commandLine().getOut() : err;
    ReportProgress progress = new ReportProgress(err, ProgressLine.isTerminal(System.getenv()),
        System::nanoTime);
    Confirmation confirm = yes ? Confirmation.yes() : plan -> {
      progress.finish();
      CleanupReports.table(plan, listed, out);
      err.print("Delete " + count(plan.totals().deleteManifests(), "manifest") + " ("
          + count(plan.totals().deleteTags(), "tag") + "), freeing "
          + plan.totals().reclaimableBytes() + " bytes after garbage collection? [y/N] ");
      err.flush();
      try {
        String answer = stdin.readLine();
        return answer != null && List.of("y", "yes").contains(
            answer.strip().toLowerCase(Locale.ROOT));
      } catch (IOException e) {
        return false;
      }
    };
    CleanupReport report;
    try {
      report = Cleanup.report(request, confirm, progress);
    } finally {
      progress.finish();
    }
    if (jsonFile != null) {
      jsonFile.write(stream -> {
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(stream, 1 << 16);
        CleanupReports.json(report, buffered);
      });
    }
    if (markdownFile != null) {
      markdownFile.write(CleanupReports.markdown(report, listed));
    }
    if (htmlFile != null) {
      htmlFile.write(CleanupReports.html(report));
    }
    CleanupReports.table(report, listed, out);
    if (report.tags().isEmpty() && !report.skipped().isEmpty()) {
      CleanupReport.Skipped first = report.skipped().get(0);
      int more = report.skipped().size() - 1;
      throw new SlimException(Reason.REGISTRY, "nothing could be read: " + first.name() + ": "
          + first.reason() + (more > 0 ? " (and " + more + " more skipped)" : ""));
    }
    return ExitCodes.OK;
  }

  /**
   * Whether a person can answer the prompt: stdin and stdout are a terminal. (JDK 22 and later
   * may return a console for pipes too; they say so with {@code isTerminal}.)
   */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console is a terminal
    }
  }

    private Policy policy() throws IOException {
    Duration age = null;
    if (olderThan != null) {
      try {
        age = Policy.parseAge(olderThan);
      } catch (IllegalArgumentException e) {
        throw usage("--older-than: " + e.getMessage());
      }
    }
    Set<String> digests = new HashSet<>();
    for (String p : protect) {
      if (p.startsWith("@")) {
        Path file = Path.of(p.substring(1));
        if (!Files.isReadable(file)) {
          throw usage("--protect " + p + ": cannot read " + file);
        }
        digests.addAll(CleanupRequest.readDigests(file));
      } else {
        digests.add(p);
      }
    }
    try {
      return new Policy(keepLast, age, regex("--keep", keep), regex("--only", only), digests,
          !includeLatest, Policy.Order.parse(order));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Pattern regex(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw usage(option + " \"" + text + "\" is not a regular expression: "
          + e.getDescription());
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static OutputFile output(String option, Path file) throws SlimException {
    return file == null ? null : OutputFile.of(option, file);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
