package dev.slim.registry;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to the registry, before authentication and retries.
 *
 * @param path resolved against the registry's API root with the scheme in use, unless {@code uri}
 *     is given (an upload session or a next page the registry named)
 * @param scopes the token scopes the request needs
 * @param action what the request is for, for messages: {@code read blob …}
 * @param upload whether a dropped connection must not be retried (the session may be gone)
 * @param followRedirects whether 3xx answers are followed (reads only)
 */
record Call(String method, String path, URI uri, List<String> scopes, String action,
    Map<String, String> headers, HttpBody body, boolean upload, boolean followRedirects) {

  static Call of(String method, String path, List<String> scopes, String action) {
    return new Call(method, path, null, scopes, action, Map.of(), null, false, false);
  }

  static Call of(String method, URI uri, List<String> scopes, String action) {
    return new Call(method, null, uri, scopes, action, Map.of(), null, false, false);
  }

  Call header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Call(method, path, uri, scopes, action, more, body, upload, followRedirects);
  }

  Call body(HttpBody publisher) {
    return new Call(method, path, uri, scopes, action, headers, publisher, upload,
        followRedirects);
  }

  Call asUpload() {
    return new Call(method, path, uri, scopes, action, headers, body, true, followRedirects);
  }

  Call redirectable() {
    return new Call(method, path, uri, scopes, action, headers, body, upload, true);
  }
}
