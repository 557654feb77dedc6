package dev.slim.registry;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request with a chunked body of unknown length, on a socket of its own: the
 * streamed {@code PATCH} of a blob upload, a method {@link java.net.HttpURLConnection} refuses.
 * HTTPS is verified as {@code HttpsURLConnection} verifies it (the JVM's trust store, the host
 * name checked); requests through a proxy are not sent this way. The connection is closed after
 * the answer, whose body (at most {@value #MAX_ANSWER_BYTES} bytes) is read into memory.
 */
final class StreamedRequest {

  static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final int CHUNK_BYTES = 256 * 1024;

  /** Writes the body; what it writes goes out as chunks. */
  @FunctionalInterface
  interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private StreamedRequest() {}

  /**
   * Sends the request and reads the answer.
   *
   * @param socket set to the open socket, so that another thread can close it to give up
   */
  static Response send(String method, URI uri, Map<String, String> headers, Timeouts timeouts,
      BodyWriter body, AtomicReference<Socket> socket) throws IOException {
    boolean tls = "https".equals(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    try (Socket open = connect(uri.getHost(), port, tls)) {
      socket.set(open);
      open.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.answer().toMillis()));
      OutputStream raw = new BufferedOutputStream(open.getOutputStream(), 64 * 1024);
      StringBuilder head = new StringBuilder(method).append(' ').append(target(uri))
          .append(" HTTP/1.1\r\nHost: ").append(uri.getHost())
          .append(uri.getPort() > 0 ? ":" + uri.getPort() : "").append("\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value)
          .append("\r\n"));
      head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      raw.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try (OutputStream chunked = new ChunkedOutput(raw)) {
        body.writeTo(chunked);
      }
      raw.flush();
      return answer(new BufferedInputStream(open.getInputStream()), uri);
    } finally {
      socket.set(null);
    }
  }

  private static Socket connect(String host, int port, boolean tls) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), HttpTransport.CONNECT_TIMEOUT_MILLIS);
      if (!tls) {
        return plain;
      }
      SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
          .createSocket(plain, host, port, true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      return secure;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static Response answer(InputStream in, URI uri) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP answer: " + status, e);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(header.substring(0, colon).trim(), n -> new ArrayList<>())
            .add(header.substring(colon + 1).trim());
      }
    }
    byte[] body = body(in, headers);
    return new Response(code, headers, uri, new ByteArrayInputStream(body), () -> { });
  }

  /** The answer's body: by Content-Length, chunked, or to the end (the connection closes). */
  private static byte[] body(InputStream in, Map<String, List<String>> headers)
      throws IOException {
    List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!encoding.isEmpty() && encoding.get(0).equalsIgnoreCase("chunked")) {
      while (true) {
        String size = line(in);
        int extension = size.indexOf(';');
        long n = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(),
            16);
        if (n == 0 || out.size() + n > MAX_ANSWER_BYTES) {
          return out.toByteArray();
        }
        out.write(in.readNBytes((int) n));
        line(in);
      }
    }
    List<String> length = headers.getOrDefault("Content-Length", List.of());
    long limit = MAX_ANSWER_BYTES;
    if (!length.isEmpty()) {
      try {
        limit = Math.min(limit, Long.parseLong(length.get(0)));
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + length.get(0), e);
      }
    }
    return in.readNBytes((int) limit);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the registry closed the connection inside its answer");
      }
      if (b == '\n') {
        int end = line.length();
        return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
      }
      if (line.length() > 8192) {
        throw new IOException("an answer line longer than 8192 bytes");
      }
      line.append((char) b);
    }
  }

  /** Chunked transfer coding over {@code out}; closing writes the last chunk only. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      for (int at = offset; at < offset + length; at += CHUNK_BYTES) {
        int n = Math.min(CHUNK_BYTES, offset + length - at);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, at, n);
        out.write('\r');
        out.write('\n');
      }
    }

    @Override
    public void close() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
