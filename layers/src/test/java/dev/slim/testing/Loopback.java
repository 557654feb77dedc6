package dev.slim.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP server on a free loopback port that hands every connection to an exchange on its own
 * thread, and the HTTP/1.1 reading and writing the test proxies share ({@link FaultProxy},
 * {@link QuirkProxy}, {@link ForwardProxy}). Closing it closes every connection it accepted or
 * was given to track, so a stalled exchange ends with the test.
 */
final class Loopback implements Closeable {

  /** What happens on one accepted connection; the connection is closed after it. */
  interface Exchange {
    void handle(Socket client) throws IOException;
  }

  private final ServerSocket server;
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private Loopback(ServerSocket server, String name, Exchange exchange) {
    this.server = server;
    this.acceptor = new Thread(() -> accept(name, exchange), name + "-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  static Loopback start(String name, Exchange exchange) throws IOException {
    Loopback loopback = new Loopback(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")),
        name, exchange);
    loopback.acceptor.start();
    return loopback;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes {@code connection} (an upstream one, say) when this server closes. */
  void track(Closeable connection) {
    open.add(connection);
  }

  /** Forgets tracked sockets that are closed already. */
  void forgetClosed() {
    open.removeIf(c -> c instanceof Socket s && s.isClosed());
  }

  /** Stops accepting, closes every connection and waits briefly for the acceptor. */
  @Override
  public void close() {
    quietly(server);
    open.forEach(Loopback::quietly);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(String name, Exchange exchange) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(client);
      Thread handler = new Thread(() -> {
        try (client) {
          exchange.handle(client);
        } catch (IOException e) {
          // The client or the server went away: nothing to answer.
        } finally {
          open.remove(client);
        }
      }, name + "-exchange");
      handler.setDaemon(true);
      handler.start();
    }
  }

  /** The bytes up to and without the blank line that ends a head, or null at end of stream. */
  static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      boolean expected = matched % 2 == 0 ? b == '\r' : b == '\n';
      matched = expected ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    byte[] bytes = head.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  /** Copies exactly {@code length} bytes; the stream ending first is an IOException. */
  static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("client closed after " + (length - left) + " body bytes");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /**
   * Relays a chunked body as it is ({@code Transfer-Encoding: chunked}: size lines, chunks, the
   * last empty chunk and its trailer), until and with the blank line that ends it.
   */
  static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String line = readLine(in);
      out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int extension = line.indexOf(';');
      long size = Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(),
          16);
      if (size == 0) {
        String trailer;
        do {
          trailer = readLine(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } while (!trailer.isEmpty());
        return;
      }
      copy(in, out, size + 2);
    }
  }

  /** A body's bytes: {@code Content-Length} of them, or a chunked body as it is. */
  static void copyBody(InputStream in, OutputStream out, boolean chunked, long length)
      throws IOException {
    if (chunked) {
      copyChunked(in, out);
    } else {
      copy(in, out, length);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed inside a chunked body");
      }
      if (b == '\n') {
        int end = line.length();
        return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
      }
      line.append((char) b);
    }
  }

  static void skip(InputStream in, long length) throws IOException {
    copy(in, OutputStream.nullOutputStream(), length);
  }

  /** Writes a whole answer and says the connection closes after it. */
  static void reply(OutputStream out, int status, String reason, Map<String, String> headers,
      String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value)
        .append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  static void quietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }
}
