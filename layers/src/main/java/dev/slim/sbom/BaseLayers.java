package dev.slim.sbom;

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

  private BaseLayers() {}

  /** Reads the layers, lowest first. */
  public static Contents read(List<Path> layers) throws IOException {
    Map<String, SbomRequest.BaseFile> files = new TreeMap<>();
    byte[] apkDb = null;
    for (Path layer : layers) {
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(layer));
           InputStream in = gunzipIfNeeded(raw)) {
        byte[] header = new byte[512];
        String longName = null;
        while (readFully(in, header)) {
          if (allZero(header)) {
            break;
          }
          String name = string(header, 0, 100);
          String prefix = string(header, 345, 155);
          long size = octal(header, 124, 12);
          char type = (char) header[156];
          if (!prefix.isEmpty() && header[257] == 'u') {
            name = prefix + "/" + name;
          }
          if (type == 'L' || type == 'x') {
            byte[] data = readBytes(in, size);
            skipPadding(in, size);
            if (type == 'L') {
              longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
            } else {
              longName = paxPath(data);
            }
            continue;
          }
          if (longName != null) {
            name = longName;
            longName = null;
          }
          name = clean(name);
          String base = name.substring(name.lastIndexOf('/') + 1);
          if (base.startsWith(".wh.")) {
            String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            if (base.equals(".wh..wh..opq")) {
              files.keySet().removeIf(k -> k.startsWith(dir));
            } else {
              String gone = dir + base.substring(4);
              files.keySet().removeIf(k -> k.equals(gone) || k.startsWith(gone + "/"));
            }
            skip(in, size);
            skipPadding(in, size);
            continue;
          }
          if (type == '0' || type == '\0' || type == '7') {
            byte[] data = readBytes(in, size);
            skipPadding(in, size);
            files.put(name, new SbomRequest.BaseFile("/" + name, hex("SHA-256", data),
                hex("SHA-1", data)));
            if (name.equals(APK_DB)) {
              apkDb = data;
            }
          } else {
            skip(in, size);
            skipPadding(in, size);
          }
        }
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

  private static String paxPath(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    for (String record : text.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 6);
      }
    }
    return null;
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int off = 0;
    while (off < buffer.length) {
      int n = in.read(buffer, off, buffer.length - off);
      if (n < 0) {
        return false;
      }
      off += n;
    }
    return true;
  }

  private static byte[] readBytes(InputStream in, long size) throws IOException {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("tar entry too large: " + size);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 20));
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("truncated tar");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    return out.toByteArray();
  }

  private static void skip(InputStream in, long size) throws IOException {
    long left = size;
    while (left > 0) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("truncated tar");
        }
        n = 1;
      }
      left -= n;
    }
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    long pad = (512 - size % 512) % 512;
    skip(in, pad);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    long value = 0;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '7') {
        value = value * 8 + (c - '0');
      } else if (c != ' ' && c != 0) {
        break;
      }
    }
    return value;
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
