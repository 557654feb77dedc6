package dev.slim.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RegistryServer} for a test class: started before the class's first test (and before
 * its own {@code @BeforeAll} methods), stopped after its last. Skipped where Debian's registry is
 * not installed, failed in CI, as {@link RegistryServer#assumeAvailable()} decides.
 *
 * <pre>{@code
 * @RegisterExtension static final RegistryExtension registry = new RegistryExtension();
 * ... registry.host() ...
 * }</pre>
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {

  private final String username;
  private final String password;
  private RegistryServer server;

  /** A registry that asks for no password. */
  public RegistryExtension() {
    this(null, null);
  }

  private RegistryExtension(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /** A registry that asks for this user and password ({@code Basic}, htpasswd). */
  public static RegistryExtension withBasicAuth(String username, String password) {
    return new RegistryExtension(username, password);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    RegistryServer.assumeAvailable();
    server = username == null ? RegistryServer.start()
        : RegistryServer.startWithBasicAuth(username, password);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running registry. */
  public RegistryServer server() {
    if (server == null) {
      throw new IllegalStateException("the registry runs only while its test class does");
    }
    return server;
  }

  /** {@code 127.0.0.1:PORT} of the running registry. */
  public String host() {
    return server().host();
  }
}
