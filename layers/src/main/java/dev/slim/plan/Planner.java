package dev.slim.plan;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.inspect.Inspection;
import dev.slim.oci.Platform;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Decides an image's layers and config from an inspected binary and the user's request. */
public final class Planner {

  static final int ROOT = 0;
  static final int EXECUTABLE = 0755;
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp|sctp))?");

  private Planner() {}

  /** Plans a scratch image holding the binary. */
  public static ImagePlan plan(Inspection binary, PlanRequest request) throws SlimException {
    return plan(binary, request, BaseImage.scratch());
  }

  /**
   * Checks, before anything is resolved or built, what {@link #plan(Inspection, PlanRequest,
   * BaseImage)} would refuse whatever the base: the same failures, in the same order.
   *
   * @throws SlimException REJECTED when the binary cannot run on scratch, USAGE when the request
   *     contradicts itself or the binary
   */
  public static void check(Inspection binary, PlanRequest request) throws SlimException {
    if (!binary.isStatic()) {
      throw new SlimException(Reason.REJECTED, rejection(binary));
    }
    platform(binary, request.platform());
    imagePath(request.path());
    env(List.of(), request.env());
    ports(request.ports());
    user(request.user());
    workdir(request.workdir());
  }

  /**
   * Plans an image holding the binary on top of {@code base} (resolved for the binary's platform).
   *
   * @throws SlimException REJECTED when the binary cannot run on scratch, USAGE when the request
   *     contradicts itself or the binary
   */
  public static ImagePlan plan(Inspection binary, PlanRequest request, BaseImage base)
      throws SlimException {
    if (!binary.isStatic()) {
      throw new SlimException(Reason.REJECTED, rejection(binary));
    }
    Platform platform = platform(binary, request.platform());
    String path = imagePath(request.path());
    List<LayerEntry> entries = new ArrayList<>();
    for (String parent = parentOf(path); parent != null; parent = parentOf(parent)) {
      entries.add(LayerEntry.directory(parent, EXECUTABLE, ROOT, ROOT));
    }
    entries.add(LayerEntry.file(path, binary.file(), EXECUTABLE, ROOT, ROOT));
    // what the layer holds goes into the image's history: it must not name the build machine's
    // file, or the same binary from another path would give another digest
    LayerPlan layer = new LayerPlan("binary " + path, entries);

    TreeMap<String, String> labels = new TreeMap<>(request.labels());
    TreeMap<String, String> annotations = new TreeMap<>(request.annotations());
    annotations.put("org.opencontainers.image.created",
        DateTimeFormatter.ISO_INSTANT.format(created(request)));
    annotations.put("org.opencontainers.image.base.name", base.name());
    if (base.digest() != null) {
      annotations.put("org.opencontainers.image.base.digest", base.digest());
    }
    if (request.source() != null) {
      annotations.put("org.opencontainers.image.source", request.source());
      labels.putIfAbsent("org.opencontainers.image.source", request.source());
    }
    if (request.revision() != null) {
      annotations.put("org.opencontainers.image.revision", request.revision());
      labels.putIfAbsent("org.opencontainers.image.revision", request.revision());
    }
    ContainerConfig config = new ContainerConfig(
        List.of(path), request.args(), env(base.env(), request.env()), labels,
        ports(request.ports()),
        user(request.user()), workdir(request.workdir()));
    List<LayerPlan> layers = new ArrayList<>(base.layers());
    layers.add(layer);
    return new ImagePlan(platform, layers, config, created(request), annotations,
        request.format(), base.remote(), request.compressionLevel());
  }

  private static String rejection(Inspection binary) {
    StringBuilder text = new StringBuilder(binary.file() + ": " + binary.message());
    if (binary.hint() != null) {
      text.append("\n  fix: ").append(binary.hint());
    }
    return text.toString();
  }

  private static Platform platform(Inspection binary, Platform requested) throws SlimException {
    Platform actual = binary.platform();
    if (actual == null) {
      String why = binary.platformNote() == null ? "its platform is unknown" : binary.platformNote();
      throw new SlimException(Reason.REJECTED, binary.file() + ": " + why);
    }
    if (requested == null) {
      return actual;
    }
    if (!requested.matches(actual)) {
      throw new SlimException(Reason.USAGE, "--platform " + requested + " disagrees with "
          + binary.file() + ", which is built for " + actual);
    }
    return requested.variant() != null ? requested : actual;
  }

  static String imagePath(String path) throws SlimException {
    return checked("--path", path, Settings.path(path));
  }

  private static String checked(String option, String value, String problem)
      throws SlimException {
    if (problem != null) {
      throw new SlimException(Reason.USAGE, option + " " + problem);
    }
    return value;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? null : path.substring(0, slash);
  }

  private static List<String> env(List<String> baseEnv, Map<String, String> env)
      throws SlimException {
    List<String> out = new ArrayList<>();
    for (String entry : baseEnv) {
      String key = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
      if (!env.containsKey(key)) {
        out.add(entry);
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      checked("--env", e.getKey(), Settings.envKey(e.getKey()));
      out.add(e.getKey() + "=" + e.getValue());
    }
    return out;
  }

  private static TreeSet<String> ports(List<String> ports) throws SlimException {
    TreeSet<String> out = new TreeSet<>();
    for (String port : ports) {
      var m = PORT.matcher(port.trim().toLowerCase(java.util.Locale.ROOT));
      int number = m.matches() ? Integer.parseInt(m.group(1)) : -1;
      if (number < 1 || number > 65535) {
        throw new SlimException(Reason.USAGE,
            "--port needs N, N/tcp or N/udp with N from 1 to 65535, not '" + port + "'");
      }
      out.add(number + "/" + (m.group(3) == null ? "tcp" : m.group(3)));
    }
    return out;
  }

  private static String user(String user) throws SlimException {
    return checked("--user", user, Settings.user(user));
  }

  private static String workdir(String workdir) throws SlimException {
    return checked("--workdir", workdir, Settings.workdir(workdir));
  }

  /**
   * The request's creation time. One not decided yet (a build checks each binary against the
   * request before it decides the time) plans at the epoch: such a plan only checks the request.
   */
  private static Instant created(PlanRequest request) {
    return request.createdDecided() ? request.created() : Instant.EPOCH;
  }
}
