package dev.slim.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process's output, read on threads while the clock runs: a child that hangs, with or
 * without its streams open, fails the test after the timeout instead of stalling the suite.
 */
record Finished(int exit, String out, String err) {

  static Finished of(Process process, Duration timeout, String what)
      throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = drain(process.getInputStream(), out);
    Thread errReader = drain(process.getErrorStream(), err);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(what + " did not finish in " + timeout.toSeconds() + " s; output:\n"
          + text(out) + text(err));
    }
    // The child has ended; a grandchild still holding the pipes must not hang the test either.
    outReader.join(10_000);
    errReader.join(10_000);
    return new Finished(process.exitValue(), text(out), text(err));
  }

  private static Thread drain(InputStream stream, ByteArrayOutputStream into) {
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (stream) {
        for (int n; (n = stream.read(buffer)) >= 0; ) {
          synchronized (into) {
            into.write(buffer, 0, n);
          }
        }
      } catch (IOException ignored) {
        // the process ended or was killed
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static String text(ByteArrayOutputStream bytes) {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
