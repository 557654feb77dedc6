package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.SlimException;
import dev.slim.oci.Platform;
import dev.slim.push.Baselines;
import dev.slim.sbom.BaseLayers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated and mutated copies of tars slim reads and did not write ({@code docker save} and OCI
 * layout archives made by GNU tar in gnu and pax format, base layers plain and gzip'd), each
 * through every reader of foreign tars: {@link ForeignTar#stream}, {@link ForeignTar#random},
 * {@link BaseLayers#read} (the SBOM) and {@link Baselines#fromArchive} ({@code --baseline FILE}).
 * Every reading ends within 2 s, either accepted or with the reader's own error naming the
 * problem (and the file where the reader names it); never another exception or an error.
 *
 * <p>{@code -Dslim.fuzz.count=N} sets how many inputs (default 1,000: half truncated, half
 * mutated), {@code -Dslim.fuzz.seed} the seed; {@code bench/fuzz-tars.sh} runs 10,000. The counts
 * go to stdout and {@code target/fuzz/summary-tars.txt}; failing inputs stay in
 * {@code target/fuzz/}.
 */
class ForeignTarFuzzTest {

  private static final int COUNT = Integer.getInteger("slim.fuzz.count", 1000);
  private static final long SEED = Long.getLong("slim.fuzz.seed", 20261201L);
  private static final long LIMIT_MILLIS = 2_000;
  private static final Platform AMD64 = Platform.linux("amd64");

  @TempDir Path dir;

  /** One reader of foreign tars and whether an exception it threw is its clean error. */
  private interface Reader {
    void read(Path file) throws Exception;
  }

  @Test
  @Timeout(1800)
  void everyDamagedTarIsAcceptedOrRefusedCleanly() throws Exception {
    List<byte[]> seeds = seeds();
    Random random = new Random(SEED);
    Fuzz fuzz = new Fuzz();
    Path input = dir.resolve("input.tar");
    try {
      for (int i = 0; i < COUNT && fuzz.timeouts < 3; i++) {
        byte[] seed = seeds.get(i % seeds.size());
        byte[] bytes = i % 2 == 0 ? truncate(seed, random) : mutate(seed, random);
        Files.write(input, bytes);
        fuzz.run(i, input, bytes);
      }
    } finally {
      fuzz.worker.shutdownNow();
    }
    String summary = fuzz.summary();
    System.out.println(summary);
    Path file = Path.of("target", "fuzz", "summary-tars.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, summary + "\n");
    assertThat(fuzz.failures).as(summary).isEmpty();
    assertThat(fuzz.inputs).isEqualTo(COUNT);
    // both outcomes occur, so the damage reaches the checks and does not only hit padding
    assertThat(fuzz.clean).as(summary).isGreaterThan(fuzz.readings / 10);
    assertThat(fuzz.accepted).as(summary).isGreaterThan(fuzz.readings / 10);
  }

  /** Runs every reader on an input with the time limit and keeps the counts and failures. */
  private final class Fuzz {
    ExecutorService worker = newWorker();
    int inputs;
    int readings;
    int clean;
    int accepted;
    int timeouts;
    long slowest;
    String slowestWhat = "";
    final List<String> failures = new ArrayList<>();

    void run(int i, Path input, byte[] bytes) throws IOException {
      inputs++;
      String[] names = {"stream", "random", "sbom", "baseline"};
      Reader[] readers = {ForeignTarFuzzTest::stream, ForeignTarFuzzTest::random,
          file -> BaseLayers.read(List.of(file)), file -> Baselines.fromArchive(file, AMD64)};
      for (int r = 0; r < readers.length; r++) {
        readings++;
        String what = names[r] + " #" + i;
        Reader reader = readers[r];
        long start = System.nanoTime();
        Future<Throwable> outcome = worker.submit(() -> {
          try {
            reader.read(input);
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
        Throwable thrown;
        try {
          thrown = outcome.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          timeouts++;
          fail(what + " took more than " + LIMIT_MILLIS + " ms", i, bytes);
          worker.shutdownNow();
          worker = newWorker();
          continue;
        } catch (Exception e) {
          fail(what + ": " + e, i, bytes);
          continue;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis > slowest) {
          slowest = millis;
          slowestWhat = what;
        }
        if (thrown == null) {
          accepted++;
        } else if (isClean(names[r], thrown, input)) {
          clean++;
        } else {
          fail(what + ": " + thrown, i, bytes);
        }
      }
    }

    private void fail(String message, int i, byte[] bytes) throws IOException {
      failures.add(message);
      Path keep = Path.of("target", "fuzz", "tars-" + i + ".tar");
      Files.createDirectories(keep.getParent());
      Files.write(keep, bytes);
    }

    String summary() {
      return "foreign tars: " + inputs + " inputs (seed " + SEED + ", half truncated, half"
          + " mutated) through 4 readers: " + readings + " readings, " + clean + " clean errors, "
          + accepted + " accepted, " + failures.size() + " failures" + (failures.isEmpty() ? ""
          : " " + failures.subList(0, Math.min(5, failures.size()))) + ", slowest " + slowest
          + " ms (" + slowestWhat + ")";
    }
  }

  private static boolean isClean(String reader, Throwable thrown, Path input) {
    String message = thrown.getMessage();
    if (message == null || message.chars().anyMatch(Character::isISOControl)) {
      return false;
    }
    return switch (reader) {
      case "stream", "random" -> thrown.getClass() == IOException.class
          && message.startsWith("not a tar archive, or a ");
      case "sbom" -> thrown.getClass() == IOException.class
          && message.startsWith("base layer " + input + ": ");
      default -> thrown instanceof SlimException
          && message.startsWith("cannot read the baseline archive " + input + ": ");
    };
  }

  private static void stream(Path file) throws IOException {
    try (ForeignTar tar = ForeignTar.stream(Files.newInputStream(file))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        tar.content().transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  private static void random(Path file) throws IOException {
    ForeignTar.random(file, (entries, content) -> {
      for (int i = entries.size() - 1; i >= 0; i--) {
        try (InputStream in = content.open(entries.get(i))) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      return null;
    });
  }

  private static byte[] truncate(byte[] seed, Random random) {
    return java.util.Arrays.copyOf(seed, random.nextInt(seed.length));
  }

  /** Flips bytes, mostly in header blocks, and sometimes writes a hostile size field. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] bytes = seed.clone();
    List<Integer> headers = new ArrayList<>();
    for (int at = 0; at + 512 <= bytes.length; at += 512) {
      if (new String(bytes, at + 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        headers.add(at);
      }
    }
    int flips = 1 + random.nextInt(16);
    for (int f = 0; f < flips; f++) {
      boolean inHeader = !headers.isEmpty() && random.nextInt(4) != 0;
      int at = inHeader ? headers.get(random.nextInt(headers.size())) + random.nextInt(512)
          : random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 + random.nextInt(255));
    }
    if (!headers.isEmpty() && random.nextInt(4) == 0) {
      int size = headers.get(random.nextInt(headers.size())) + 124;
      byte[] field = switch (random.nextInt(4)) {
        case 0 -> "77777777777\0".getBytes(StandardCharsets.US_ASCII);
        case 1 -> new byte[] {(byte) 0x80, 0, 0, 0, 0x7f, -1, -1, -1, -1, -1, -1, -1};
        case 2 -> new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        default -> new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
      };
      System.arraycopy(field, 0, bytes, size, field.length);
    }
    return bytes;
  }

  /** A docker save archive (gnu), an OCI layout archive (pax) and a base layer, plain and gz. */
  private List<byte[]> seeds() throws Exception {
    Path layerTree = Files.createDirectories(dir.resolve("layer"));
    String longName = "usr/share/" + "a-long-folder-name/".repeat(8) + "file.txt";
    write(layerTree.resolve(longName), "long name\n".repeat(40).getBytes(StandardCharsets.UTF_8));
    write(layerTree.resolve("lib/apk/db/installed"),
        "P:musl\nV:1.2.5-r0\nA:x86_64\n\n".getBytes(StandardCharsets.UTF_8));
    write(layerTree.resolve("etc/.wh.old"), new byte[0]);
    Files.createSymbolicLink(layerTree.resolve("etc/link"), Path.of("../" + longName));
    Path layer = dir.resolve("layer.tar");
    GnuTar.tar(layerTree, layer, "pax", List.of("etc", "lib", "usr"));
    byte[] layerBytes = Files.readAllBytes(layer);
    byte[] layerGz = gzip(layerBytes);

    Path docker = Files.createDirectories(dir.resolve("docker"));
    String layerPath = "f".repeat(64) + "/" + "x".repeat(60) + "/layer.tar";
    write(docker.resolve(layerPath), layerBytes);
    write(docker.resolve("config.json"), "{\"architecture\":\"amd64\",\"os\":\"linux\"}"
        .getBytes(StandardCharsets.UTF_8));
    write(docker.resolve("manifest.json"), ("[{\"Config\":\"config.json\",\"RepoTags\":"
        + "[\"x:1\"],\"Layers\":[\"" + layerPath + "\"]}]").getBytes(StandardCharsets.UTF_8));
    Path dockerTar = dir.resolve("docker.tar");
    GnuTar.tar(docker, dockerTar, "gnu", List.of("config.json", "f".repeat(64),
        "manifest.json"));

    Path oci = Files.createDirectories(dir.resolve("oci"));
    String config = blob(oci, "{\"architecture\":\"amd64\",\"os\":\"linux\"}"
        .getBytes(StandardCharsets.UTF_8));
    String plain = blob(oci, layerBytes);
    String gz = blob(oci, layerGz);
    byte[] manifest = ("{\"schemaVersion\":2,\"config\":{\"digest\":\"" + config
        + "\",\"size\":37},\"layers\":[{\"digest\":\"" + gz + "\"},{\"digest\":\"" + plain
        + "\"}]}").getBytes(StandardCharsets.UTF_8);
    String manifestDigest = blob(oci, manifest);
    write(oci.resolve("index.json"), ("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\""
        + manifestDigest + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
        .getBytes(StandardCharsets.UTF_8));
    write(oci.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}"
        .getBytes(StandardCharsets.UTF_8));
    Path ociTar = dir.resolve("oci.tar");
    GnuTar.tar(oci, ociTar, "pax", List.of("blobs", "index.json", "oci-layout"));

    return List.of(Files.readAllBytes(dockerTar), Files.readAllBytes(ociTar), layerBytes, layerGz);
  }

  private static String blob(Path layout, byte[] content) throws Exception {
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    write(layout.resolve("blobs/sha256/" + hex), content);
    return "sha256:" + hex;
  }

  private static void write(Path path, byte[] content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, content);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "foreign-tar-under-test");
      thread.setDaemon(true);
      return thread;
    });
  }
}
