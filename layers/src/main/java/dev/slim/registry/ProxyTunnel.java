package dev.slim.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens HTTPS connections through an HTTP proxy's {@code CONNECT} tunnel, sending the proxy's
 * credentials with it. The JDK's own tunnelling does not send a {@code Proxy-Authorization} set
 * on the request, and answers a proxy's Basic challenge only when a JVM-wide property allows it;
 * so slim connects the socket to the proxy itself, asks for the tunnel, and lets the JVM's TLS
 * run over it as over any connection (certificates and host names are checked as without a
 * proxy). The registry's host name is passed to the proxy unresolved: the proxy resolves it.
 */
final class ProxyTunnel extends SSLSocketFactory {

  private static final int MAX_HEAD = 16 * 1024;

  private final Proxies.Route route;
  private final int connectTimeoutMillis;
  private volatile SSLSocketFactory tls;

  /** A tunnel through {@code route}; the JVM's TLS is set up on first use, not here. */
  ProxyTunnel(Proxies.Route route, int connectTimeoutMillis) {
    this.route = route;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  Proxies.Route route() {
    return route;
  }

  private SSLSocketFactory tls() {
    SSLSocketFactory factory = tls;
    if (factory == null) {
      factory = HttpsURLConnection.getDefaultSSLSocketFactory();
      tls = factory;
    }
    return factory;
  }

  /** An unconnected socket whose {@code connect} opens the tunnel. */
  @Override
  public Socket createSocket() {
    return new TunnelSocket();
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return tls().createSocket(socket, host, port, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = createSocket();
    socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
    return tls().createSocket(socket, host, port, true);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return createSocket(host.getHostAddress(), port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return createSocket(address.getHostAddress(), port);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls().getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls().getSupportedCipherSuites();
  }

  /** A plain socket that, asked to connect to the registry, connects to it through the proxy. */
  private final class TunnelSocket extends Socket {

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      InetSocketAddress target = (InetSocketAddress) endpoint;
      super.connect(new InetSocketAddress(route.host(), route.port()), timeout);
      String authority = hostForRequest(target.getHostString()) + ":" + target.getPort();
      StringBuilder request = new StringBuilder("CONNECT ").append(authority)
          .append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
      if (route.authorization() != null) {
        request.append("Proxy-Authorization: ").append(route.authorization()).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String statusLine = readHead(getInputStream());
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].equals("200")) {
        close();
        String status = parts.length < 2 ? "no HTTP answer" : parts[1].equals("407")
            ? "407 Proxy Authentication Required — check the user and password in the proxy URL"
            : "answered " + statusLine.strip();
        throw new IOException("proxy " + route.address() + " did not open a tunnel to "
            + authority + ": " + status);
      }
    }

    private static String hostForRequest(String host) {
      return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Reads the proxy's answer head to its blank line; returns its status line. */
    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0 || head.size() > MAX_HEAD) {
          break;
        }
        head.write(b);
        boolean expected = matched % 2 == 0 ? b == '\r' : b == '\n';
        matched = expected ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n");
      return end < 0 ? text : text.substring(0, end);
    }
  }
}
