package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a registry's 401 challenges and remembers what worked: Basic credentials, or bearer
 * tokens from the realm, cached per scope and fetched up front once the realm is known.
 * Credentials go to the token service only over HTTPS, or plain HTTP on loopback or to a registry
 * marked insecure.
 */
final class Authenticator {

  /** Sends one request (and counts it). */
  @FunctionalInterface
  interface Transport {
    Response send(HttpTransport.Request request) throws IOException, RegistryException;
  }

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final boolean insecure;
  private final String userAgent;
  private final Map<String, String> tokens;
  private final Failures failures;
  private final Transport transport;
  private final Timeouts timeouts;
  private volatile AuthChallenge bearer;
  private volatile boolean basic;

  /**
   * @param tokens the cache of bearer tokens by scope, shared with {@link Failures} so that
   *     messages can hide them
   */
  Authenticator(Endpoint endpoint, Credentials credentials, boolean insecure, String userAgent,
      Map<String, String> tokens, Failures failures, Timeouts timeouts, Transport transport) {
    this.timeouts = timeouts;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.insecure = insecure;
    this.userAgent = userAgent;
    this.tokens = tokens;
    this.failures = failures;
    this.transport = transport;
  }

  /** The Authorization header to send before any challenge of this call, or {@code null}. */
  String upFront(List<String> scopes, String action) throws RegistryException {
    if (basic) {
      return basicHeader();
    }
    AuthChallenge challenge = bearer;
    if (challenge == null) {
      return null;
    }
    String key = String.join(" ", scopes);
    String token = tokens.get(key);
    if (token == null) {
      token = fetchToken(challenge, scopes, action);
      tokens.put(key, token);
    }
    return "Bearer " + token;
  }

  /** The Authorization header that answers a 401's challenges. */
  String answer(List<AuthChallenge> challenges, List<String> scopes, String action)
      throws RegistryException {
    AuthChallenge known = bearer;
    boolean fresh = !challenges.isEmpty();
    if (!fresh && known != null) {
      // a 401 to a streamed upload comes without its headers (the JDK keeps them): the token
      // has expired, so ask the realm that answered before for a fresh one
      challenges = List.of(known);
    }
    for (AuthChallenge challenge : challenges) {
      if (challenge.is("Bearer")) {
        bearer = challenge;
        Set<String> wanted = new LinkedHashSet<>(scopes);
        String asked = challenge.param("scope");
        if (fresh && asked != null && !asked.isBlank()) {
          wanted.addAll(List.of(asked.trim().split("\\s+")));
        }
        String token = fetchToken(challenge, List.copyOf(wanted), action);
        tokens.put(String.join(" ", scopes), token);
        return "Bearer " + token;
      }
    }
    for (AuthChallenge challenge : challenges) {
      if (challenge.is("Basic")) {
        if (credentials == null) {
          throw failures.unauthorized();
        }
        basic = true;
        return basicHeader();
      }
    }
    throw failures.error(Kind.UNAUTHORIZED, "registry " + endpoint.registry() + " answered 401"
        + " Unauthorized without a challenge this client understands (Basic or Bearer): cannot "
        + action);
  }

  private String basicHeader() {
    if (credentials == null) {
      return null;
    }
    String pair = credentials.username() + ":" + credentials.secret();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** A bearer token from the challenge's realm for the scopes. */
  private String fetchToken(AuthChallenge challenge, List<String> scopes, String action)
      throws RegistryException {
    String realm = challenge.param("realm");
    URI realmUri;
    try {
      realmUri = realm == null ? null : new URI(realm);
    } catch (URISyntaxException e) {
      realmUri = null;
    }
    if (realmUri == null || realmUri.getHost() == null
        || !("https".equals(realmUri.getScheme()) || "http".equals(realmUri.getScheme()))) {
      throw failures.protocol("registry " + endpoint.registry() + " asked for a bearer token"
          + " but named no usable token service (realm): cannot " + action);
    }
    boolean plain = "http".equals(realmUri.getScheme());
    if (credentials != null && plain && !Endpoint.isLoopback(realmUri.getHost()) && !insecure) {
      throw failures.error(Kind.UNAUTHORIZED, "registry " + endpoint.registry() + " wants the"
          + " credentials sent over plain HTTP to " + realmUri.getHost() + "; refused — pass"
          + " --insecure-registry " + endpoint.registry() + " if that is intended");
    }
    String service = challenge.param("service");
    if (service == null || service.isBlank()) {
      // OpenShift's registry names no service; its token service wants the registry's name
      service = endpoint.registry();
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    URI target;
    String method;
    HttpBody form = null;
    if (credentials != null && credentials.isIdentityToken()) {
      StringBuilder refresh = new StringBuilder("grant_type=refresh_token&client_id=slim");
      refresh.append("&refresh_token=").append(Protocol.encode(credentials.secret()));
      if (service != null) {
        refresh.append("&service=").append(Protocol.encode(service));
      }
      refresh.append("&scope=").append(Protocol.encode(String.join(" ", scopes)));
      target = realmUri;
      method = "POST";
      headers.put(Protocol.CONTENT_TYPE, "application/x-www-form-urlencoded");
      form = HttpBody.of(refresh.toString());
    } else {
      StringBuilder query = new StringBuilder();
      if (service != null) {
        query.append("service=").append(Protocol.encode(service));
      }
      for (String scope : scopes) {
        query.append(query.length() == 0 ? "" : "&").append("scope=")
            .append(Protocol.encode(scope));
      }
      if (credentials != null) {
        query.append(query.length() == 0 ? "" : "&").append("account=")
            .append(Protocol.encode(credentials.username()));
      }
      target = URI.create(realm + (realm.indexOf('?') >= 0 ? "&" : "?") + query);
      method = "GET";
      String header = basicHeader();
      if (header != null) {
        headers.put(Protocol.AUTHORIZATION, header);
      }
    }
    if (userAgent != null) {
      headers.put(Protocol.USER_AGENT, userAgent);
    }
    HttpTransport.Request built = new HttpTransport.Request(method, target, headers, form,
        timeouts);
    String tokenAction = "get an access token to " + action;
    Response response = null;
    for (int attempt = 0; response == null; attempt++) {
      try {
        response = transport.send(built);
      } catch (IOException e) {
        if (attempt > 0 || !Retries.isTransient(e)) {
          throw failures.connection(e, realmUri, tokenAction);
        }
      }
    }
    int status = response.status();
    if (status == 401 || status == 403) {
      response.discard();
      throw failures.unauthorized();
    }
    if (status != 200) {
      throw failures.protocol("cannot " + tokenAction + " from " + realmUri.getHost()
          + " (the token service of registry " + endpoint.registry() + "): unexpected answer "
          + Failures.status(status) + Failures.detailsSuffix(response));
    }
    byte[] body = read(response, tokenAction, realmUri);
    JsonNode json = body == null ? null : Json.read(body).orElse(null);
    String token = json == null ? null : Json.text(json, "token");
    if (token == null || token.isEmpty()) {
      token = json == null ? null : Json.text(json, "access_token");
    }
    if (token == null || token.isEmpty()) {
      throw failures.protocol("the token service of registry " + endpoint.registry() + " ("
          + realmUri.getHost() + ") answered without a token: cannot " + action);
    }
    return token;
  }

  static List<AuthChallenge> challenges(Response response) {
    List<AuthChallenge> all = new ArrayList<>();
    for (String value : response.headers(Protocol.WWW_AUTHENTICATE)) {
      all.addAll(AuthChallenge.parse(value));
    }
    return all;
  }

  private byte[] read(Response response, String action, URI uri) throws RegistryException {
    try {
      return response.read(Protocol.MAX_JSON_BYTES);
    } catch (IOException e) {
      throw failures.connection(e, uri, action);
    }
  }
}
