package dev.slim.plan;

import dev.slim.oci.Platform;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the user asked for, before it is checked against the binary.
 *
 * @param path where the binary goes in the image, e.g. {@code /app}
 * @param args arguments after the entrypoint (the image's Cmd)
 * @param env environment, in the order given
 * @param ports {@code 8080}, {@code 8080/tcp} or {@code 53/udp}
 * @param user user (and group) the process runs as; numeric keeps runAsNonRoot working
 * @param workdir absolute working directory, or null
 * @param platform an explicit platform, or null to take the binary's
 * @param source URL of the source, or null
 * @param revision source revision, or null
 * @param created the image's creation time; {@code slim build} replaces it with the one
 *     {@link CreationTime} decides
 * @param base what the image starts from (scratch, slim's static base, or an image)
 * @param annotations OCI manifest annotations asked for; slim's own facts (created, base) win
 */
public record PlanRequest(
    String path,
    List<String> args,
    Map<String, String> env,
    Map<String, String> labels,
    List<String> ports,
    String user,
    String workdir,
    Platform platform,
    ImageFormat format,
    String source,
    String revision,
    Instant created,
    Base base,
    Map<String, String> annotations) {

  public static final String DEFAULT_PATH = "/app";
  public static final String DEFAULT_USER = "65532:65532";

  public PlanRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(base, "base");
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    ports = List.copyOf(ports);
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** Without annotations of the user's own. */
  public PlanRequest(String path, List<String> args, Map<String, String> env,
      Map<String, String> labels, List<String> ports, String user, String workdir,
      Platform platform, ImageFormat format, String source, String revision, Instant created,
      Base base) {
    this(path, args, env, labels, ports, user, workdir, platform, format, source, revision,
        created, base, Map.of());
  }

  /** Without a base: {@link Base#SCRATCH}. */
  public PlanRequest(String path, List<String> args, Map<String, String> env,
      Map<String, String> labels, List<String> ports, String user, String workdir,
      Platform platform, ImageFormat format, String source, String revision, Instant created) {
    this(path, args, env, labels, ports, user, workdir, platform, format, source, revision,
        created, Base.SCRATCH);
  }

  /** The defaults: binary at /app, user 65532:65532, OCI format, created at the epoch. */
  public static PlanRequest defaults() {
    return new PlanRequest(
        DEFAULT_PATH, List.of(), Map.of(), Map.of(), List.of(), DEFAULT_USER, null, null,
        ImageFormat.OCI, null, null, Instant.EPOCH);
  }

  public PlanRequest withPath(String newPath) {
    return new PlanRequest(newPath, args, env, labels, ports, user, workdir, platform, format,
        source, revision, created, base, annotations);
  }

  public PlanRequest withCreated(Instant time) {
    return new PlanRequest(path, args, env, labels, ports, user, workdir, platform, format,
        source, revision, time, base, annotations);
  }

  public PlanRequest withBase(Base newBase) {
    return new PlanRequest(path, args, env, labels, ports, user, workdir, platform, format,
        source, revision, created, newBase, annotations);
  }

  public PlanRequest withAnnotations(Map<String, String> more) {
    return new PlanRequest(path, args, env, labels, ports, user, workdir, platform, format,
        source, revision, created, base, more);
  }

  public PlanRequest withPlatform(Platform expected) {
    return new PlanRequest(path, args, env, labels, ports, user, workdir, expected, format,
        source, revision, created, base, annotations);
  }
}
