package dev.slim.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workload {@code bin/slim} records once to make its start-up cache (a class-data archive, or
 * an AOT cache on JDK 24+): the commands slim runs most, in one JVM, so that every class they
 * load is in the cache. The push goes to a registry stub on a loopback port of this process;
 * nothing leaves the machine. Usage: {@code java -cp slim.jar dev.slim.cli.Training BINARY DIR}.
 */
final class Training {

  private Training() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Training BINARY WORK_DIR");
      System.exit(2);
    }
    String binary = args[0];
    Path work = Files.createDirectories(Path.of(args[1]));
    RegistryStub registry = RegistryStub.start();
    try {
      String image = registry.host() + "/training/app:1";
      String json = work.resolve("report.json").toString();
      run("inspect", binary);
      run("build", binary, "-o", work.resolve("image.tar").toString(), "--report-json", json,
          "--report-markdown", work.resolve("report.md").toString());
      run("build", binary, "--image", image, "--push", "--report-json", json);
      run("build", binary, "--image", image, "--push", "--report-json", json);
    } finally {
      registry.stop();
    }
  }

  private static void run(String... args) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    int code = Main.commandLineFor(args, nowhere, nowhere).execute(args);
    if (code != 0) {
      System.err.println("training: slim " + String.join(" ", args) + " exited " + code);
    }
  }

  /**
   * Just enough of the registry API for a push: blobs and manifests kept in memory, uploads in
   * one PUT. Not a registry; only the training run talks to it.
   */
  private static final class RegistryStub {

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final AtomicInteger uploads = new AtomicInteger();

    private RegistryStub(HttpServer server) {
      this.server = server;
    }

    static RegistryStub start() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      RegistryStub stub = new RegistryStub(server);
      server.createContext("/v2/", stub::handle);
      server.start();
      return stub;
    }

    String host() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
      server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        int blobAt = path.indexOf("/blobs/");
        int manifestAt = path.indexOf("/manifests/");
        if (path.equals("/v2/")) {
          send(exchange, 200, "{}".getBytes(), "application/json", method);
        } else if (blobAt > 0 && path.endsWith("/blobs/uploads/") && method.equals("POST")) {
          exchange.getResponseHeaders().set("Location",
              path + uploads.incrementAndGet());
          send(exchange, 202, null, null, method);
        } else if (blobAt > 0 && path.contains("/blobs/uploads/") && method.equals("PUT")) {
          String query = exchange.getRequestURI().getQuery();
          String digest = query == null ? "" : query.replaceFirst("^.*digest=", "");
          blobs.put(digest, body);
          exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
          send(exchange, 201, null, null, method);
        } else if (blobAt > 0) {
          byte[] blob = blobs.get(path.substring(blobAt + "/blobs/".length()));
          send(exchange, blob == null ? 404 : 200, blob, "application/octet-stream", method);
        } else if (manifestAt > 0 && method.equals("PUT")) {
          // kept by tag only (slim reads back tags), and without Docker-Content-Digest, which
          // registries may leave out
          String reference = path.substring(manifestAt + "/manifests/".length());
          manifests.put(reference, body);
          manifestTypes.put(reference, exchange.getRequestHeaders().getFirst("Content-Type"));
          send(exchange, 201, null, null, method);
        } else if (manifestAt > 0) {
          String reference = path.substring(manifestAt + "/manifests/".length());
          byte[] manifest = manifests.get(reference);
          send(exchange, manifest == null ? 404 : 200, manifest, manifestTypes.get(reference),
              method);
        } else {
          send(exchange, 404, null, null, method);
        }
      }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String type,
        String method) throws IOException {
      if (type != null) {
        exchange.getResponseHeaders().set("Content-Type", type);
      }
      if (body == null || method.equals("HEAD")) {
        if (body != null) {
          exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
