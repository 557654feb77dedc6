package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.registry.RegistryException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs {@code docker-credential-NAME get}, the credential helper protocol of Docker. */
final class CredentialHelper {

  static final long TIMEOUT_SECONDS = 30;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final int MAX_OUTPUT = 1 << 20;

  private CredentialHelper() {}

  /**
   * Asks a helper for a server's credentials; empty when the helper has none.
   *
   * @param origin where the helper was named, for messages ("credsStore in /path/config.json")
   */
  static Optional<Credentials> get(String name, String serverAddress, String registry,
      String origin, Map<String, String> env) throws RegistryException {
    String program = "docker-credential-" + name;
    if (!NAME.matcher(name).matches()) {
      throw new RegistryException(Kind.CREDENTIALS, "credential helper name \"" + name + "\" ("
          + origin + ") is not a plain program name");
    }
    Path executable = find(program, env.get("PATH")).orElseThrow(() -> new RegistryException(
        Kind.CREDENTIALS, "credential helper " + program + " (" + origin + ") is not on the PATH:"
            + " install it, or remove it from the config and run 'docker login " + registry
            + "' again"));

    ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
    env.forEach((key, value) -> {
      if (key != null && value != null) {
        builder.environment().put(key, value);
      }
    });
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new RegistryException(Kind.CREDENTIALS,
          "cannot run credential helper " + executable + ": " + e.getMessage(), e);
    }
    Drain stdout = new Drain(process.getInputStream());
    Drain stderr = new Drain(process.getErrorStream());
    int exit;
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(serverAddress.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The helper may exit before reading; its exit status says what happened.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RegistryException(Kind.CREDENTIALS, "credential helper " + program
            + " did not answer within " + TIMEOUT_SECONDS + " s for " + registry);
      }
      exit = process.exitValue();
      stdout.join(TimeUnit.SECONDS.toMillis(5));
      stderr.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.CREDENTIALS,
          "interrupted while waiting for credential helper " + program, e);
    }
    String out = stdout.text();
    String err = stderr.text();
    if (exit != 0) {
      if (out.contains("credentials not found") || err.contains("credentials not found")) {
        return Optional.empty();
      }
      String why = Redactor.ANONYMOUS.redact(firstLine(err.isBlank() ? out : err));
      throw new RegistryException(Kind.CREDENTIALS, "credential helper " + program
          + " failed for " + registry + " (exit " + exit + ")" + (why.isEmpty() ? "" : ": " + why)
          + " — run 'docker login " + registry + "' again");
    }
    JsonNode answer = Json.read(out.getBytes(StandardCharsets.UTF_8))
        .filter(JsonNode::isObject)
        .orElseThrow(() -> new RegistryException(Kind.CREDENTIALS, "credential helper " + program
            + " gave an answer for " + registry + " that is not a JSON object"));
    String username = Json.text(answer, "Username");
    String secret = Json.text(answer, "Secret");
    if (username == null || username.isEmpty() || secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    if (username.indexOf(':') >= 0) {
      throw new RegistryException(Kind.CREDENTIALS, "credential helper " + program
          + " gave a user name with ':' for " + registry);
    }
    return Optional.of(new Credentials(username, secret));
  }

  static Optional<Path> find(String program, String path) {
    if (path == null || path.isEmpty()) {
      return Optional.empty();
    }
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Reads a stream to its end on its own thread, keeping at most 1 MiB. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Drain(InputStream in) {
      super("credential-helper-output");
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (bytes) {
            if (bytes.size() < MAX_OUTPUT) {
              bytes.write(buffer, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
            }
          }
        }
      } catch (IOException e) {
        // The process went away; keep what was read.
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
