package dev.slim.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real CNCF Distribution registry ({@code /usr/bin/docker-registry}, Debian's {@code
 * docker-registry} package) on a free loopback port, with its storage in a temporary directory.
 * Deletes are enabled. {@link #close()} stops the process this object started and removes the
 * directory.
 *
 * <p>A test class that needs one registry for all its tests registers a {@link RegistryExtension};
 * a test that needs its own uses {@code try (RegistryServer registry = RegistryServer.start())}.
 */
public final class RegistryServer implements AutoCloseable {

  /** Where Debian installs the registry. */
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private static final long START_TIMEOUT_MILLIS = 20_000;
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final int port;
  private final boolean tls;

  private RegistryServer(Process process, Path dir, int port, boolean tls) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.tls = tls;
  }

  /** Whether the registry binary is installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Skips the calling test, saying why on standard error, when the registry is not installed.
   * Under CI ({@code CI=true}) a missing registry fails instead: CI installs it, so a skip there
   * would hide a broken setup.
   */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    String reason = BINARY + " is not installed (apt-get install docker-registry)";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.assumeTrue(false, reason);
  }

  /** Starts an open registry. */
  public static RegistryServer start() throws IOException {
    return start(null, null, false);
  }

  /**
   * Starts an open registry that speaks only HTTPS, with a self-signed certificate for {@code
   * 127.0.0.1} made by {@code openssl} in its directory ({@link #certificate()}).
   */
  public static RegistryServer startWithTls() throws IOException {
    return start(null, null, true);
  }

  /** The PEM certificate of a registry started {@link #startWithTls() with TLS}. */
  public Path certificate() {
    return dir.resolve("cert.pem");
  }

  /**
   * Starts a registry that requires HTTP basic authentication with this user and password
   * (htpasswd, bcrypt), as {@code docker login} users meet it.
   */
  public static RegistryServer startWithBasicAuth(String username, String password)
      throws IOException {
    return start(username, password, false);
  }

  /** {@code 127.0.0.1:PORT}, as an image reference's registry part. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The registry's filesystem storage root. */
  public Path storageDir() {
    return dir.resolve("storage");
  }

  /** What the registry wrote to its standard output and error so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The registry's configuration file, for {@code docker-registry garbage-collect CONFIG}. */
  public Path configFile() {
    return dir.resolve("config.yml");
  }

  /** Stops the registry process this object started and waits for it; keeps its files. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the registry process this object started, waits for it, and deletes its files. */
  @Override
  public void close() {
    stop();
    deleteTree(dir);
  }

  private static RegistryServer start(String username, String password, boolean tls)
      throws IOException {
    if (!available()) {
      throw new IllegalStateException(
          BINARY + " is not installed (apt-get install docker-registry)");
    }
    Path dir = Files.createTempDirectory("slim-registry-");
    try {
      Files.createDirectories(dir.resolve("storage"));
      String auth = "";
      if (username != null) {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, username + ":" + bcrypt(password) + "\n");
        auth = "auth:\n  htpasswd:\n    realm: slim-test\n    path: " + htpasswd + "\n";
      }
      String https = "";
      if (tls) {
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", dir.resolve("key.pem").toString(),
            "-out", dir.resolve("cert.pem").toString()), "");
        https = "  tls:\n    certificate: " + dir.resolve("cert.pem") + "\n    key: "
            + dir.resolve("key.pem") + "\n";
      }
      IOException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
            + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n"
            + "  delete:\n    enabled: true\n"
            + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
            + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: " + randomHex(16) + "\n"
            + https + auth);
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
        RegistryServer server = new RegistryServer(process, dir, port, tls);
        try {
          server.awaitReady();
          return server;
        } catch (IOException e) {
          process.destroyForcibly();
          try {
            process.waitFor(10, TimeUnit.SECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
          last = e;
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * Waits until {@code GET /v2/} answers (200, or 401 with auth; with TLS the 400 that a TLS
   * server gives a plain HTTP request).
   */
  private void awaitReady() throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with " + process.exitValue()
            + " before answering; its log:\n" + log());
      }
      try {
        int status = status();
        if (status == 200 || status == 401 || (tls && status == 400)) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
    }
    throw new IOException("docker-registry did not answer on " + host() + " within "
        + START_TIMEOUT_MILLIS / 1000 + " s; its log:\n" + log());
  }

  /**
   * The status of {@code GET /v2/} over a plain socket: not through {@code HttpURLConnection},
   * whose first use fixes the JVM's keep-alive limit before slim's HttpTransport can raise it.
   */
  private int status() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 500);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + host()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      String[] parts = line == null ? new String[0] : line.split(" ");
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP answer: " + line);
      }
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /**
   * A bcrypt hash of the password, the only kind the registry's htpasswd accepts: made by {@code
   * htpasswd -niB} (apache2-utils) when installed, else by the C library's crypt(3) through Perl
   * (libxcrypt supports bcrypt on Debian).
   */
  static String bcrypt(String password) throws IOException {
    if (onPath("htpasswd")) {
      String line = run(List.of("htpasswd", "-niB", "user"), password + "\n");
      int colon = line.indexOf(':');
      String hash = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (hash.startsWith("$2")) {
        return hash;
      }
    }
    String salt = "$2b$10$" + bcryptSalt();
    String hash = run(List.of("perl", "-e",
        "my $p = <STDIN>; chomp $p; print crypt($p, $ARGV[0])", salt), password + "\n").strip();
    if (!hash.startsWith("$2") || hash.length() != 60) {
      throw new IOException("cannot make a bcrypt hash: install apache2-utils (htpasswd)");
    }
    return hash;
  }

  private static String bcryptSalt() {
    String alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder salt = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      salt.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    // The 22nd character carries only 2 bits; these four keep the encoding canonical.
    return salt.append(".Oeu".charAt(random.nextInt(4))).toString();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    return Stream.of(path.split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }

  private static String run(List<String> command, String input) throws IOException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed with exit " + process.exitValue());
    }
    return out;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
