package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.files.WorkFolder;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The one place that turns failures into messages and exit codes. */
final class Errors {

  private Errors() {}

  static int exitCode(Throwable failure) {
    if (failure instanceof SlimException slim) {
      return switch (slim.reason()) {
        case USAGE -> ExitCodes.USAGE;
        case REJECTED -> ExitCodes.REJECTED;
        case REGISTRY -> ExitCodes.REGISTRY;
        case POLICY -> ExitCodes.POLICY;
        case UNMIGRATABLE -> ExitCodes.UNMIGRATABLE;
      };
    }
    if (failure instanceof NoSuchFileException || failure instanceof AccessDeniedException) {
      return ExitCodes.USAGE;
    }
    if (failure instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.INTERNAL;
  }

  static String message(Throwable failure) {
    if (failure instanceof NoSuchFileException missing) {
      return "file not found: " + missing.getFile();
    }
    if (failure instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (failure instanceof SlimException) {
      return failure.getMessage();
    }
    String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage();
    return "internal error (" + failure.getClass().getSimpleName() + detail
        + "); rerun with --verbose and report it";
  }

  /**
   * {@link #exitCode} for picocli. A class rather than a method reference from when picocli's
   * Java 5 class files kept a lambda over a picocli interface out of bin/slim's start-up cache;
   * the build now re-emits them as Java 8 class files (cli/pom.xml), so either would do.
   */
  static final class ExitCodeMapper implements IExitCodeExceptionMapper {
    @Override
    public int getExitCode(Throwable failure) {
      return exitCode(failure);
    }
  }

  /** Prints "slim: message" and, when asked for, the stack trace. */
  static final class ExecutionHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
      PrintWriter err = cli.getErr();
      if (WorkFolder.stopping()) {
        // SIGTERM or Ctrl-C stopped the work; what failed after it is no news (the JVM exits
        // with 143 or 130 once temporary files are gone)
        err.println("slim: cancelled");
        err.flush();
        return exitCode(ex);
      }
      err.println("slim: " + message(ex));
      if (exitCode(ex) == ExitCodes.USAGE) {
        err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      if (verbose(parsed)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return exitCode(ex);
    }
  }

  /** Usage errors: the message, the short synopsis and where to read more; not the whole manual. */
  static final class UsageHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cli = ex.getCommandLine();
      PrintWriter err = cli.getErr();
      err.println("slim: " + ex.getMessage());
      CommandLine.Help help = cli.getHelp();
      err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
      err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
