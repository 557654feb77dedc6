package dev.slim.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the inspector in a child JVM as the unprivileged user 65534, so that a test running as root
 * (as CI does) can still see what a user without read permission sees. {@link #main} is the
 * child's entry point: it prints the verdict's kind and message.
 */
final class InspectAsAnotherUser {

  /** The child's "KIND: message" line, or null when this machine cannot switch users. */
  static String inspect(Path file) throws IOException, InterruptedException {
    Path setpriv = Path.of("/usr/bin/setpriv");
    if (!setpriv.toFile().canExecute()) {
      return null;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(setpriv.toString(), "--reuid=65534",
        "--regid=65534", "--clear-groups", java, "-Xshare:off", "-cp",
        System.getProperty("java.class.path"), InspectAsAnotherUser.class.getName(),
        file.toString())).redirectErrorStream(true).start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the inspector as user 65534 did not finish in 60 s");
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError("the inspector as user 65534 failed: " + out);
    }
    return out.strip();
  }

  public static void main(String[] args) throws Exception {
    Inspection inspection = Inspector.inspect(Path.of(args[0]));
    System.out.println(inspection.kind() + ": " + inspection.message());
  }

  private InspectAsAnotherUser() {}
}
