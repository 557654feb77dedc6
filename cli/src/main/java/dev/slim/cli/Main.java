package dev.slim.cli;

import java.io.PrintWriter;
import java.util.List;
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
    footer = {"%nRun 'slim COMMAND --help' for a command's options."})
public final class Main implements Runnable {

  /**
   * Every subcommand. They are registered in code, not in the annotation, so that a run builds
   * the picocli model of the one command it runs only (a short-lived CLI pays for every class it
   * loads); help and completion get all of them.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(InspectCommand.class, BuildCommand.class, MigrateCommand.class,
          InitCommand.class, ReportCommand.class, GenerateCompletion.class);

  static {
    // picocli registers converters for java.time and java.sql types by loading and initialising
    // those classes, ~15 ms at every start; no slim option has such a type
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.(time|sql)\\..*");
    }
  }

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

  /** Builds the command line with every subcommand and slim's error handling. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, SUBCOMMANDS);
  }

  /** The command line for these arguments: only the subcommand named first, when there is one. */
  static CommandLine commandLineFor(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length > 0) {
      for (Class<?> command : SUBCOMMANDS) {
        Command annotation = command.getAnnotation(Command.class);
        if (annotation != null && annotation.name().equals(args[0])
            && !command.equals(GenerateCompletion.class)) {
          return commandLine(out, err, List.of(command));
        }
      }
    }
    return commandLine(out, err);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> subcommand : subcommands) {
      cli.addSubcommand(subcommand); // a loop, not a method reference: see Errors.ExitCodeMapper
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(new Errors.UsageHandler());
    cli.setExecutionExceptionHandler(new Errors.ExecutionHandler());
    cli.setExitCodeExceptionMapper(new Errors.ExitCodeMapper());
    ExitCodes.document(cli);
    return cli;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLineFor(args, out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
