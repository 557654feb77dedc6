package dev.slim.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   * Every subcommand, by the name its {@code @Command} gives it (MainTest checks they agree).
   * They are registered in code, not in the annotation, so that a run builds the picocli model of
   * the one command it runs only (a short-lived CLI pays for every class it loads); help and
   * completion get all of them.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("inspect", InspectCommand.class);
    all.put("build", BuildCommand.class);
    all.put("migrate", MigrateCommand.class);
    all.put("init", InitCommand.class);
    all.put("report", ReportCommand.class);
    all.put("pin", PinCommand.class);
    all.put("generate-completion", GenerateCompletion.class);
    return Collections.unmodifiableMap(all);
  }

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
    return commandLine(out, err, List.copyOf(SUBCOMMANDS.values()));
  }

  /**
   * The command line for these arguments: only the subcommand named first, when there is one
   * (completion needs them all). Looked up by name, so no other command's annotations are read.
   */
  static CommandLine commandLineFor(String[] args, PrintWriter out, PrintWriter err) {
    Class<?> command = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (command != null && !command.equals(GenerateCompletion.class)) {
      return commandLine(out, err, List.of(command));
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
