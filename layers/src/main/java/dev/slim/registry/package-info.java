/**
 * Talking to OCI registries: a small OCI Distribution client on {@code java.net.http}.
 *
 * <p>The entry point is {@link dev.slim.registry.RegistryClient}, made with {@code
 * RegistryClient.builder("host:port").credentials(c).insecure(false).userAgent("slim/1").build()}.
 * It checks, pushes (monolithic upload or cross-repository mount) and reads blobs, puts and gets
 * manifests and indexes ({@link dev.slim.registry.Manifest}), lists tags and the catalog, deletes
 * manifests, and counts its requests. Its rules for HTTP versus HTTPS, authentication, retries
 * and timeouts are described on the class.
 *
 * <p>Values: {@link dev.slim.registry.ImageRef} parses image references with Docker's rules;
 * {@link dev.slim.registry.Credentials} holds a user name and a secret that its {@code toString}
 * hides; {@link dev.slim.registry.DockerConfigCredentials#lookup} finds what {@code docker login}
 * stored (config {@code auths}, {@code credHelpers}, {@code credsStore}, identity tokens), with the
 * environment passed in; {@link dev.slim.registry.RegistryClient.BlobSource} supplies a blob's
 * bytes, streamed from a file; {@link dev.slim.registry.RegistryClient.UploadResult} says what a
 * blob push did.
 *
 * <p>Every failure is a checked {@link dev.slim.registry.RegistryException} whose {@link
 * dev.slim.registry.RegistryException.Kind} tells unreachable, unauthorized (401), forbidden
 * (403), not found, TLS, protocol and credential-lookup failures apart, and whose message names the
 * registry, says what to do, and never contains a password, secret or token in any form (one
 * {@code Redactor} cleans every message); {@link dev.slim.registry.RegistryException#hasCode}
 * tells the registry's error codes, such as {@code MANIFEST_BLOB_UNKNOWN}. Invalid arguments
 * (a malformed repository name or digest) are {@link IllegalArgumentException}s.
 *
 * <p>Only this package speaks HTTP; no {@code java.net.http} or Jackson type appears in its public
 * signatures.
 */
package dev.slim.registry;
