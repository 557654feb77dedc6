package dev.slim.cli;

import dev.slim.deploy.PinRequest;
import dev.slim.deploy.PinResult;
import dev.slim.deploy.Pinning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slim pin --digests FILE PATH...}: built images pinned by digest in deploy manifests. */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Pin the images slim pushed to their digests in Kubernetes manifests (GitOps).",
    description = {
      "Rewrites, for each image in the digest file, the 'image:' of every container,",
      "init container and ephemeral container of the Kubernetes objects in the files",
      "(every document), and kustomization 'images:' entries (matched by newName,",
      "else name: 'digest:' set, 'newTag:' dropped) to REPOSITORY@sha256:... .",
      "Images match by repository (nginx is docker.io/library/nginx); the tag goes,",
      "as the digest decides. Images slim did not build, comments, key order,",
      "quoting and layout stay byte for byte; a second run changes nothing. Every",
      "file is checked before the first is written; each is replaced atomically",
      "and keeps its mode (a link: its target is written).",
      "stdout gets the changed files, one a line (--dry-run: the unified diff);",
      "stderr a summary, and each built image that no file names."
    })
final class PinCommand implements Callable<Integer> {

  @Option(names = "--digests", paramLabel = "FILE", required = true,
      description = "The digest file of 'slim build --digest-file': one REF@sha256:... a line.")
  Path digests;

  @Option(names = "--dry-run", description = "Print the unified diff; write nothing.")
  boolean dryRun;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "A manifest file, or a folder searched for *.yaml, *.yml and Kustomization"
          + " files (hidden folders left out).")
  List<Path> paths = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, String> built = Pinning.readDigestFile(digests);
    PinResult result = Pinning.pin(new PinRequest(built, paths, dryRun));
    report(result, dryRun, spec.commandLine().getOut(), spec.commandLine().getErr());
    return ExitCodes.OK;
  }

  /** {@code out}: the diff, or the changed files; {@code err}: the summary, what no file names. */
  static void report(PinResult result, boolean dryRun, PrintWriter out, PrintWriter err) {
    if (dryRun) {
      out.print(result.diff());
    } else {
      result.changed().forEach(change -> out.println(change.path()));
    }
    out.flush();
    for (String repository : result.notFound()) {
      err.println("slim pin: no file names " + repository + "; nothing pinned for it");
    }
    err.println((dryRun ? "would pin " : "pinned ") + count(result.fields(), "image field")
        + " in " + count(result.changed().size(), "file") + " (" + result.read() + " read)");
    err.flush();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
