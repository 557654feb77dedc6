package dev.slim.sbom;

import dev.slim.image.ForeignTar;
import dev.slim.image.TarEntry;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * What the base layers of an image hold, read from their gzip'd tar files: every regular file
 * with its digests and, when there is an Alpine package database ({@code lib/apk/db/installed}),
 * the installed packages. Later layers win; whiteouts remove files.
 */
public final class BaseLayers {

  /** The files and packages of the base. */
  public record Contents(List<SbomRequest.BaseFile> files, List<SbomRequest.BasePackage> packages) {
    public Contents {
      files = List.copyOf(files);
      packages = List.copyOf(packages);
    }
  }

  private static final String APK_DB = "lib/apk/db/installed";
  /** The largest package database kept in memory; Alpine's are a few hundred KiB. */
  private static final long MAX_APK_DB = 64L << 20;

  private BaseLayers() {}

  /** Reads the layers, lowest first; an error names the layer that is not a readable tar. */
  public static Contents read(List<Path> layers) throws IOException {
    Map<String, SbomRequest.BaseFile> files = new TreeMap<>();
    byte[] apkDb = null;
    for (Path layer : layers) {
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(layer));
           ForeignTar tar = ForeignTar.stream(gunzipIfNeeded(raw))) {
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
          String name = clean(entry.name());
          String base = name.substring(name.lastIndexOf('/') + 1);
          if (base.startsWith(".wh.")) {
            String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            if (base.equals(".wh..wh..opq")) {
              files.keySet().removeIf(k -> k.startsWith(dir));
            } else {
              String gone = dir + base.substring(4);
              files.keySet().removeIf(k -> k.equals(gone) || k.startsWith(gone + "/"));
            }
          } else if (entry.isFile()) {
            boolean db = name.equals(APK_DB);
            if (db && entry.size() > MAX_APK_DB) {
              throw new IOException(APK_DB + " is larger than " + MAX_APK_DB + " bytes");
            }
            Digested digested = digest(tar.content(), db);
            files.put(name, new SbomRequest.BaseFile("/" + name, digested.sha256(),
                digested.sha1()));
            if (db) {
              apkDb = digested.data();
            }
          }
        }
      } catch (IOException e) {
        throw new IOException("base layer " + layer + ": " + e.getMessage(), e);
      }
    }
    List<SbomRequest.BasePackage> packages = apkDb == null ? List.of() : apk(apkDb);
    return new Contents(new ArrayList<>(files.values()), packages);
  }

  /** Alpine's database: blank-line separated records, {@code P:name}, {@code V:version}. */
  static List<SbomRequest.BasePackage> apk(byte[] db) {
    List<SbomRequest.BasePackage> result = new ArrayList<>();
    String name = null;
    String version = null;
    String arch = null;
    for (String line : (new String(db, StandardCharsets.UTF_8) + "\n\n").split("\n", -1)) {
      if (line.isEmpty()) {
        if (name != null && version != null) {
          result.add(new SbomRequest.BasePackage(name, version, "pkg:apk/alpine/" + name + "@"
              + version + (arch == null ? "" : "?arch=" + arch)));
        }
        name = null;
        version = null;
        arch = null;
      } else if (line.startsWith("P:")) {
        name = line.substring(2);
      } else if (line.startsWith("V:")) {
        version = line.substring(2);
      } else if (line.startsWith("A:")) {
        arch = line.substring(2);
      }
    }
    return result;
  }

  private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  /** A file's digests and, when asked, its bytes. */
  private record Digested(String sha256, String sha1, byte[] data) {}

  private static Digested digest(InputStream in, boolean keep) throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha1 = digest("SHA-1");
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    byte[] buffer = new byte[1 << 16];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      sha256.update(buffer, 0, n);
      sha1.update(buffer, 0, n);
      if (kept != null) {
        kept.write(buffer, 0, n);
      }
    }
    HexFormat hex = HexFormat.of();
    return new Digested(hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()),
        kept == null ? null : kept.toByteArray());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
