package dev.slim.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The exit codes of every slim command; documented in each command's help and the README. */
final class ExitCodes {
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int REJECTED = 3;
  static final int REGISTRY = 4;
  static final int POLICY = 5;
  static final int UNMIGRATABLE = 6;

  private static final Map<String, String> HELP = new LinkedHashMap<>();

  static {
    HELP.put("0", "Success.");
    HELP.put("1", "Internal error (a bug: rerun with --verbose and report it).");
    HELP.put("2", "Usage error: bad option, missing or unreadable input file; slim pin: a"
        + " manifest that is not valid YAML or a value it cannot rewrite (nothing written).");
    HELP.put("3", "The binary was rejected: not static, not an executable, not ELF, malformed.");
    HELP.put("4", "Registry error: unreachable, authentication, permission, TLS, protocol.");
    HELP.put("5", "A policy gate failed (--max-size, or a warning with --fail-on-warning);"
        + " reports are still written, nothing pushed.");
    HELP.put("6", "slim migrate: the Dockerfile's image cannot be a working slim image (its"
        + " entrypoint is a script, or runs no binary the final stage copies); nothing written.");
  }

  /** Adds the "Exit Codes:" section to the help of the command and all its subcommands. */
  static void document(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit Codes:%n").exitCodeList(HELP);
    for (CommandLine subcommand : cli.getSubcommands().values()) {
      document(subcommand);
    }
  }

  private ExitCodes() {}
}
