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
 * @param created the image's creation time, or null while it is not decided yet: {@code slim
 *     build} decides it ({@link CreationTime}) and sets it with {@link #withCreated}; the
 *     {@link Planner} needs it decided
 * @param base what the image starts from (scratch, slim's static base, or an image)
 * @param annotations OCI manifest annotations asked for; slim's own facts (created, base) win
 * @param compressionLevel the gzip level of every layer slim writes, {@value #FASTEST_LEVEL}
 *     (fastest, largest) to {@value #SMALLEST_LEVEL} (smallest, slowest); another level gives
 *     other layer bytes, and so other digests
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
    Map<String, String> annotations,
    int compressionLevel) {

  public static final String DEFAULT_PATH = "/app";
  public static final String DEFAULT_USER = "65532:65532";
  /** The level slim has always written (the digests of existing images depend on it). */
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;
  public static final int FASTEST_LEVEL = 1;
  public static final int SMALLEST_LEVEL = 9;

  public PlanRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(base, "base");
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    ports = List.copyOf(ports);
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    checkedLevel(compressionLevel);
  }

  /**
   * {@code level} when it is a gzip level; else an {@link IllegalArgumentException}, which is a
   * bug: what users give is checked by {@link Settings#compressionLevel} first.
   */
  public static int checkedLevel(int level) {
    if (level < FASTEST_LEVEL || level > SMALLEST_LEVEL) {
      throw new IllegalArgumentException("a gzip level is " + FASTEST_LEVEL + " to "
          + SMALLEST_LEVEL + ", not " + level);
    }
    return level;
  }

  /**
   * A request with slim's defaults: binary at {@code /app}, user {@code 65532:65532}, OCI format,
   * scratch base, gzip level 6, nothing else set and the creation time not decided yet.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, for a changed copy. */
  public Builder toBuilder() {
    return new Builder().path(path).args(args).env(env).labels(labels).ports(ports).user(user)
        .workdir(workdir).platform(platform).format(format).source(source).revision(revision)
        .created(created).base(base).annotations(annotations).compressionLevel(compressionLevel);
  }

  /** Whether the creation time is decided (a build decides it before it plans). */
  public boolean createdDecided() {
    return created != null;
  }

  /** The same request with the creation time the build decided. */
  public PlanRequest withCreated(Instant time) {
    return toBuilder().created(Objects.requireNonNull(time, "time")).build();
  }

  /** The same request with another expected platform (null: take the binary's). */
  public PlanRequest withPlatform(Platform expected) {
    return toBuilder().platform(expected).build();
  }

  /** Sets a request's values by name; what is not set keeps slim's default. */
  public static final class Builder {
    private String path = DEFAULT_PATH;
    private List<String> args = List.of();
    private Map<String, String> env = Map.of();
    private Map<String, String> labels = Map.of();
    private List<String> ports = List.of();
    private String user = DEFAULT_USER;
    private String workdir;
    private Platform platform;
    private ImageFormat format = ImageFormat.OCI;
    private String source;
    private String revision;
    private Instant created;
    private Base base = Base.SCRATCH;
    private Map<String, String> annotations = Map.of();
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;

    private Builder() {}

    public Builder path(String value) {
      path = value;
      return this;
    }

    public Builder args(List<String> value) {
      args = List.copyOf(value);
      return this;
    }

    /** The environment, in the order given. */
    public Builder env(Map<String, String> value) {
      env = ordered(value);
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = ordered(value);
      return this;
    }

    public Builder ports(List<String> value) {
      ports = List.copyOf(value);
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder workdir(String value) {
      workdir = value;
      return this;
    }

    /** The expected platform, or null to take the binary's. */
    public Builder platform(Platform value) {
      platform = value;
      return this;
    }

    public Builder format(ImageFormat value) {
      format = value;
      return this;
    }

    public Builder source(String value) {
      source = value;
      return this;
    }

    public Builder revision(String value) {
      revision = value;
      return this;
    }

    /** The creation time, or null to leave it to the build. */
    public Builder created(Instant value) {
      created = value;
      return this;
    }

    public Builder base(Base value) {
      base = value;
      return this;
    }

    public Builder annotations(Map<String, String> value) {
      annotations = ordered(value);
      return this;
    }

    /** The gzip level of the layers, {@value #FASTEST_LEVEL} to {@value #SMALLEST_LEVEL}. */
    public Builder compressionLevel(int value) {
      compressionLevel = value;
      return this;
    }

    /** The environment set so far (to merge another source under it). */
    public Map<String, String> env() {
      return env;
    }

    /** The labels set so far. */
    public Map<String, String> labels() {
      return labels;
    }

    /** The annotations set so far. */
    public Map<String, String> annotations() {
      return annotations;
    }

    /** The request; its compact constructor checks it. */
    public PlanRequest build() {
      return new PlanRequest(path, args, env, labels, ports, user, workdir, platform, format,
          source, revision, created, base, annotations, compressionLevel);
    }

    private static Map<String, String> ordered(Map<String, String> value) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(value));
    }
  }
}
