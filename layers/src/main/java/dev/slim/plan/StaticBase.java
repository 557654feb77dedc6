package dev.slim.plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * slim's {@code static} base: runtime layers built from the files in {@code templates/static}
 * (packed into the jar), so their bytes are the same on every machine and a registry shares them
 * across all images. Ordered rarely-changing first: users and directories, then time zones (with
 * {@code --tzdata}), then the CA bundle.
 */
public final class StaticBase {

  public static final String CA_FILE = "/etc/ssl/certs/ca-certificates.crt";
  public static final String ZONEINFO = "/usr/share/zoneinfo";
  static final int NONROOT = 65532;
  private static final String RESOURCES = "static/";

  private StaticBase() {}

  /**
   * Writes the static base's files under {@code dir} (a scratch folder of the build) and plans its
   * layers over them.
   */
  public static BaseImage resolve(Path dir, boolean tzdata) throws IOException {
    Map<String, String> versions = versions();
    List<LayerPlan> layers = new ArrayList<>();

    Path etc = Files.createDirectories(dir.resolve("etc"));
    List<LayerEntry> files = new ArrayList<>();
    files.add(LayerEntry.directory("/etc", 0755, 0, 0));
    for (String name : List.of("passwd", "group", "nsswitch.conf", "os-release")) {
      Path file = etc.resolve(name);
      copy("etc/" + name, file);
      files.add(LayerEntry.file("/etc/" + name, file, 0644, 0, 0));
    }
    files.add(LayerEntry.directory("/tmp", 01777, 0, 0));
    files.add(LayerEntry.directory("/home", 0755, 0, 0));
    files.add(LayerEntry.directory("/home/nonroot", 0700, NONROOT, NONROOT));
    layers.add(new LayerPlan("static base: users (root, nobody, nonroot), /tmp, /home/nonroot",
        files, true));

    if (tzdata) {
      layers.add(new LayerPlan("static base: time zones " + ZONEINFO + " (tzdata "
          + versions.getOrDefault("tzdata", "?") + ")", zoneinfo(dir.resolve("zoneinfo")), true));
    }

    Path ca = dir.resolve("ca-certificates.crt");
    copy("ca-certificates.crt", ca);
    layers.add(new LayerPlan("static base: CA certificates " + CA_FILE + " (ca-certificates "
        + versions.getOrDefault("ca-certificates", "?") + ")", List.of(
            LayerEntry.directory("/etc", 0755, 0, 0),
            LayerEntry.directory("/etc/ssl", 0755, 0, 0),
            LayerEntry.directory("/etc/ssl/certs", 0755, 0, 0),
            LayerEntry.file(CA_FILE, ca, 0644, 0, 0)), true));

    return new BaseImage(new Base(Base.Kind.STATIC, null, tzdata).name(), null, layers, List.of(),
        List.of("SSL_CERT_FILE=" + CA_FILE));
  }

  /** The versions of the Debian packages the data came from ({@code templates/static/VERSIONS}). */
  public static Map<String, String> versions() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (InputStream in = open("VERSIONS")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split("\\s+", 2);
        if (parts.length == 2) {
          out.put(parts[0], parts[1]);
        }
      }
    }
    return out;
  }

  private static List<LayerEntry> zoneinfo(Path dir) throws IOException {
    List<LayerEntry> entries = new ArrayList<>();
    TreeSet<String> dirs = new TreeSet<>(List.of("/usr", "/usr/share", ZONEINFO));
    try (ZipInputStream zip = new ZipInputStream(open("zoneinfo.zip"))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String name = e.getName();
        if (e.isDirectory() || name.startsWith("/") || name.contains("..")
            || name.contains("\\")) {
          continue;
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.copy(zip, file);
        String path = ZONEINFO + "/" + name;
        entries.add(LayerEntry.file(path, file, 0644, 0, 0));
        for (int slash = path.lastIndexOf('/'); slash > ZONEINFO.length();
            slash = path.lastIndexOf('/', slash - 1)) {
          dirs.add(path.substring(0, slash));
        }
      }
    }
    for (String d : dirs) {
      entries.add(LayerEntry.directory(d, 0755, 0, 0));
    }
    return entries;
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = open(resource)) {
      Files.copy(in, to);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = StaticBase.class.getResourceAsStream(RESOURCES + resource);
    if (in == null) {
      throw new IOException("slim's static base file " + resource + " is missing from the jar"
          + " (built without templates/static?)");
    }
    return in;
  }
}
