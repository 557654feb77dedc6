package dev.slim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the packaged {@code slim.jar} as users do: a separate process with its own exit code. */
final class SlimProcess {

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Path jar() {
    return Path.of(System.getProperty("slim.jar", "target/slim.jar")).toAbsolutePath();
  }

  static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  static Run run(Path workDir, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    return run(workDir, List.of(), env, stdin, args);
  }

  /** With JVM options such as {@code -Xmx256m} before {@code -jar}. */
  static Run run(Path workDir, List<String> jvm, Map<String, String> env, String stdin,
      String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    return exec(workDir, env, Set.of(), stdin, command);
  }

  private static Run exec(Path workDir, Map<String, String> env, Set<String> unset,
      String stdin, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    builder.environment().remove("SOURCE_DATE_EPOCH");
    builder.environment().keySet().removeAll(unset);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    try {
      Finished done = Finished.of(process, Duration.ofSeconds(180), String.join(" ", command));
      return new Run(done.exit(), done.out(), done.err());
    } finally {
      // a test's @Timeout interrupts the wait: the process must not outlive the test
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  /**
   * Runs slim on a terminal, as a person would: util-linux {@code script} gives it a
   * pseudo-terminal for stdin and stdout and types {@code stdin} into it, without {@code CI} in
   * its environment. stdout and stderr both
   * arrive in {@link Run#out}, with the terminal's CR LF line ends.
   */
  static Run runOnTerminal(Path workDir, String stdin, String... args)
      throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder();
    List<String> words = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar().toString()));
    words.addAll(List.of(args));
    for (String word : words) {
      command.append(command.length() == 0 ? "" : " ")
          .append("'").append(word.replace("'", "'\\''")).append("'");
    }
    // a person at a terminal, also when CI runs the suite
    return exec(workDir, Map.of(), Set.of("CI"), stdin,
        List.of("/usr/bin/script", "-qec", command.toString(), "/dev/null"));
  }

  static Run run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), null, args);
  }

  /** Runs an outside tool (skopeo, umoci, docker) and returns its output; fails on non-zero. */
  static String tool(Path workDir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    Finished done = Finished.of(process, Duration.ofSeconds(180), String.join(" ", command));
    if (done.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + done.out());
    }
    return done.out();
  }

  private SlimProcess() {}
}
