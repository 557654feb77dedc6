package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.deploy.PinRequest;
import dev.slim.deploy.Pinning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code slim build --pin PATH}: the image just pushed pinned in manifests, as slim pin does. */
final class PinOption {

  @Option(names = "--pin", paramLabel = "PATH",
      description = "After the push, pin the image by digest in these Kubernetes manifests and"
          + " kustomizations (repeatable; a folder: its *.yaml, *.yml), as 'slim pin' does."
          + " Needs --push.")
  List<Path> paths = new ArrayList<>();

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  /** Before the build: --pin needs a push, and its paths must name files. */
  void check(boolean push) throws SlimException, IOException {
    if (paths.isEmpty()) {
      return;
    }
    if (!push) {
      throw new ParameterException(spec.commandLine(), "--pin writes the pushed digest into"
          + " manifests: it needs --push (or push: true in slim.yaml)");
    }
    try {
      // every file found and parsed now: a typo or broken YAML fails before anything is pushed
      Pinning.pin(new PinRequest(Map.of(), paths, true));
    } catch (SlimException e) {
      throw new SlimException(Reason.USAGE, "--pin " + e.getMessage());
    }
  }

  /**
   * After the push: {@code printed} holds the pushed references, one a line. What changed goes to
   * stderr with the summary: stdout stays the build's reference lines.
   */
  void pin(String printed) throws SlimException, IOException {
    if (paths.isEmpty()) {
      return;
    }
    var built = Pinning.digests(List.of(printed.split("\n")), "the pushed references");
    PrintWriter err = spec.commandLine().getErr();
    PinCommand.report(Pinning.pin(new PinRequest(built, paths, false)), false, err, err);
  }
}
