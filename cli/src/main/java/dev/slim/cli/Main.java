package dev.slim.cli;

import java.io.PrintWriter;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point: {@code slim <command>}. */
@Command(
    name = "slim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Turns a statically built binary into the smallest correct OCI image, pushes it,",
      "and reports what it saved."
    },
    subcommands = {InspectCommand.class, BuildCommand.class, GenerateCompletion.class},
    footer = {"%nRun 'slim COMMAND --help' for a command's options."})
public final class Main implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print details of errors, including stack traces.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
  }

  /** Builds the command line with slim's error handling; tests call this with their own writers. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(new Errors.UsageHandler());
    cli.setExecutionExceptionHandler(new Errors.ExecutionHandler());
    cli.setExitCodeExceptionMapper(Errors::exitCode);
    ExitCodes.document(cli);
    return cli;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
