package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** What a user reads and which exit code a script sees for each kind of failure. */
class ErrorsTest {

  /** A command that fails as its argument says, run through slim's own handlers. */
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    @Parameters(index = "0") String how;

    @Override
    public Integer call() throws Exception {
      throw switch (how) {
        case "missing" -> new NoSuchFileException("/no/such/app");
        case "denied" -> new AccessDeniedException("/root/app");
        case "bug" -> new IllegalStateException("half a plan");
        case "silent-bug" -> new NullPointerException();
        default -> new SlimException(Reason.valueOf(how), "the " + how + " went wrong");
      };
    }
  }

  private static CliTest.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    cli.addSubcommand(new Fail());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliTest.Result(exit, out.toString(), err.toString());
  }

  @Test
  void eachReasonHasItsOwnExitCodeAndPrintsOnlyItsMessage() {
    Map<Reason, Integer> codes = Map.of(Reason.USAGE, 2, Reason.REJECTED, 3, Reason.REGISTRY, 4,
        Reason.POLICY, 5, Reason.UNMIGRATABLE, 6);
    codes.forEach((reason, code) -> {
      CliTest.Result r = run("fail", reason.name());
      assertThat(r.exit()).as(reason.name()).isEqualTo(code);
      String message = "slim: the " + reason + " went wrong\n";
      assertThat(r.err()).as(reason.name()).isEqualTo(reason == Reason.USAGE
          ? message + "Run 'slim fail --help' for more information.\n" : message);
      assertThat(r.out()).isEmpty();
    });
  }

  @Test
  void aMissingOrUnreadableFileIsAUsageErrorNamingTheFile() {
    CliTest.Result r = run("fail", "missing");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("slim: file not found: /no/such/app\n"
        + "Run 'slim fail --help' for more information.\n");
    r = run("fail", "denied");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("slim: permission denied: /root/app\n"
        + "Run 'slim fail --help' for more information.\n");
  }

  @Test
  void aBugIsExitOneAndAsksForVerboseWithoutAStackTrace() {
    CliTest.Result r = run("fail", "bug");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("slim: internal error (IllegalStateException: half a plan);"
        + " rerun with --verbose and report it\n");
    r = run("fail", "silent-bug");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("slim: internal error (NullPointerException); rerun with"
        + " --verbose and report it\n");
  }

  @Test
  void verboseAddsTheStackTraceAfterTheMessage() {
    CliTest.Result r = run("--verbose", "fail", "bug");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("slim: internal error (IllegalStateException: half a plan);"
        + " rerun with --verbose and report it\njava.lang.IllegalStateException: half a plan\n")
        .contains("at dev.slim.cli.ErrorsTest$Fail.call(");
    // the option is inherited: after the subcommand's name it asks for the same
    r = run("fail", "REGISTRY", "--verbose");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).startsWith("slim: the REGISTRY went wrong\n"
        + "dev.slim.SlimException: the REGISTRY went wrong\n");
  }

  @Test
  void aUsageErrorPrintsTheSynopsisNotTheManual() {
    CliTest.Result r = CliTest.run("inspect", "--no-such-option", "app");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("slim: Unknown option: '--no-such-option'\n"
        + "Usage: slim inspect [-hV] [--json] [--verbose] FILE\n"
        + "Run 'slim inspect --help' for more information.\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void noCommandIsAUsageErrorListingNone() {
    CliTest.Result r = CliTest.run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Missing command.\nUsage: slim [-hV] [--verbose]")
        .endsWith("Run 'slim --help' for more information.\n");
    assertThat(r.err()).doesNotContain("Exit Codes:");
    // as Main.main runs it: no first argument to look a command up by
    StringWriter err = new StringWriter();
    PrintWriter nowhere = new PrintWriter(java.io.Writer.nullWriter());
    assertThat(Main.commandLineFor(new String[0], nowhere, new PrintWriter(err, true)).execute())
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("slim: Missing command.\n");
  }

  @Test
  void everyCommandsHelpListsEveryExitCode() {
    for (String command : Main.SUBCOMMANDS.keySet()) {
      if (command.equals("generate-completion")) {
        continue;
      }
      CliTest.Result r = CliTest.run(command, "--help");
      assertThat(r.exit()).as(command).isZero();
      assertThat(r.out()).as(command).contains("Exit Codes:\n")
          .containsPattern("\n +0 +Success\\.\n")
          .containsPattern("\n +1 +Internal error \\(a bug: rerun with --verbose")
          .containsPattern("\n +2 +Usage error: bad option")
          .containsPattern("\n +3 +The binary was rejected")
          .containsPattern("\n +4 +Registry error")
          .containsPattern("\n +5 +A policy gate failed")
          .containsPattern("\n +6 +slim migrate: the Dockerfile's image cannot");
    }
    assertThat(CliTest.run("--help").out()).contains("Exit Codes:\n")
        .contains("Run 'slim COMMAND --help' for a command's options.");
  }

  @Test
  void versionNamesSlimAndTheJava() {
    CliTest.Result r = CliTest.run("--version");
    assertThat(r.exit()).isZero();
    // tests run from classes, not the jar: no version in a manifest
    assertThat(r.out()).isEqualTo("slim (development build)\nJava "
        + System.getProperty("java.version") + " on " + System.getProperty("os.name") + "\n");
  }
}
