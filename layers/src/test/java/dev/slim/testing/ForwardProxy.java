package dev.slim.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP forward proxy on a loopback port, as corporate networks have: plain HTTP requests come
 * with an absolute URI and are forwarded to that host; {@code CONNECT host:port} opens a tunnel
 * (bytes copied both ways, TLS passes through untouched). With {@link #requireCredentials} it
 * answers 407 unless {@code Proxy-Authorization} carries them. Remembers what passed through it.
 */
public final class ForwardProxy implements AutoCloseable {

  /** One request: {@code GET http://h:p/v2/}, or {@code CONNECT h:p}, and its credentials. */
  public record Passed(String method, String target, String proxyAuthorization) {}

  private final Loopback loopback;
  private final List<Passed> passed = new CopyOnWriteArrayList<>();
  private volatile String expected;

  private ForwardProxy() throws IOException {
    this.loopback = Loopback.start("forward-proxy", this::exchange);
  }

  public static ForwardProxy start() throws IOException {
    return new ForwardProxy();
  }

  /** Answers 407 unless {@code Proxy-Authorization} is exactly this value. */
  public ForwardProxy requireCredentials(String proxyAuthorization) {
    this.expected = proxyAuthorization;
    return this;
  }

  public int port() {
    return loopback.port();
  }

  /** What passed through (or was refused), in order. */
  public List<Passed> passed() {
    return List.copyOf(passed);
  }

  @Override
  public void close() {
    loopback.close();
  }

  private void exchange(Socket client) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    while (true) {
      byte[] head = Loopback.readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String authorization = null;
      long length = 0;
      StringBuilder headers = new StringBuilder();
      for (int i = 1; i < lines.length; i++) {
        String lower = lines[i].toLowerCase(Locale.ROOT);
        String value = lines[i].substring(lines[i].indexOf(':') + 1).trim();
        if (lower.startsWith("proxy-authorization:")) {
          authorization = value;
        } else if (lower.startsWith("content-length:")) {
          length = Long.parseLong(value);
          headers.append(lines[i]).append("\r\n");
        } else if (!lower.startsWith("proxy-connection:") && !lower.startsWith("connection:")
            && !lower.startsWith("keep-alive:")) {
          headers.append(lines[i]).append("\r\n");
        }
      }
      passed.add(new Passed(requestLine[0], requestLine[1], authorization));
      if (expected != null && !expected.equals(authorization)) {
        Loopback.skip(in, length);
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
            + " realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        continue;
      }
      if (requestLine[0].equals("CONNECT")) {
        tunnel(requestLine[1], client, in, out);
        return;
      }
      forward(requestLine, headers.toString(), length, in, out);
      return;
    }
  }

  private void tunnel(String authority, Socket client, InputStream in, OutputStream out)
      throws IOException {
    int colon = authority.lastIndexOf(':');
    try (Socket upstream = new Socket(authority.substring(0, colon),
        Integer.parseInt(authority.substring(colon + 1)))) {
      loopback.track(upstream);
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread back = new Thread(() -> {
        try {
          upstream.getInputStream().transferTo(out);
        } catch (IOException e) {
          // closed
        } finally {
          Loopback.quietly(client);
        }
      }, "forward-proxy-tunnel");
      back.setDaemon(true);
      back.start();
      try {
        in.transferTo(upstream.getOutputStream());
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void forward(String[] requestLine, String headers, long length, InputStream in,
      OutputStream out) throws IOException {
    URI uri = URI.create(requestLine[1]);
    try (Socket upstream = new Socket(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort())) {
      loopback.track(upstream);
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?"
          + uri.getRawQuery());
      OutputStream up = upstream.getOutputStream();
      up.write((requestLine[0] + " " + target + " HTTP/1.1\r\n" + headers
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      Loopback.copy(in, up, length);
      up.flush();
      InputStream answer = new BufferedInputStream(upstream.getInputStream());
      byte[] answerHead = Loopback.readHead(answer);
      if (answerHead == null) {
        return;
      }
      StringBuilder relayed = new StringBuilder();
      for (String line : new String(answerHead, StandardCharsets.ISO_8859_1).split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("connection:") && !lower.startsWith("keep-alive:")) {
          relayed.append(line).append("\r\n");
        }
      }
      relayed.append("Connection: close\r\n\r\n");
      out.write(relayed.toString().getBytes(StandardCharsets.ISO_8859_1));
      answer.transferTo(out);
      out.flush();
    }
  }
}
