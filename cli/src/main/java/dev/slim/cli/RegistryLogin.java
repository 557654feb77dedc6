package dev.slim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The registry options that several commands share: plain-HTTP registries and credentials. */
final class RegistryLogin {

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP for this registry (loopback registries always may).")
  List<String> insecure = new ArrayList<>();

  @Option(names = {"-u", "--username"}, paramLabel = "USER",
      description = "Registry user; the password is read with --password-stdin."
          + " Default: the Docker config's credentials.")
  String username;

  @Option(names = "--password-stdin", description = "Read the registry password from stdin.")
  boolean passwordStdin;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  Set<String> insecureRegistries() {
    return Set.copyOf(insecure);
  }

  /**
   * The password: the first line of stdin with --password-stdin, else null (the Docker config's
   * credentials apply). Passwords are never taken as arguments.
   */
  String password(BufferedReader stdin) throws IOException {
    if (passwordStdin && username == null) {
      throw new ParameterException(mixee.commandLine(), "--password-stdin needs --username");
    }
    if (username != null && !passwordStdin) {
      throw new ParameterException(mixee.commandLine(),
          "--username needs --password-stdin (passwords are never taken as arguments)");
    }
    if (!passwordStdin) {
      return null;
    }
    String line = stdin.readLine();
    return line == null ? "" : line.strip();
  }
}
