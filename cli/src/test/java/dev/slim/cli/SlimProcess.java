package dev.slim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    builder.environment().remove("SOURCE_DATE_EPOCH");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    Thread outReader = copier(process.getInputStream(), out);
    Thread errReader = copier(process.getErrorStream(), err);
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        throw new AssertionError("slim " + String.join(" ", args) + " did not finish in 180 s");
      }
      outReader.join();
      errReader.join();
    } finally {
      // a test's @Timeout interrupts the wait: the process must not outlive the test
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
    return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static Thread copier(java.io.InputStream from, java.io.OutputStream to) {
    Thread thread = new Thread(() -> {
      try {
        from.transferTo(to);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static Run run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), null, args);
  }

  /** Runs an outside tool (skopeo, umoci, docker) and returns its output; fails on non-zero. */
  static String tool(Path workDir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  private SlimProcess() {}
}
