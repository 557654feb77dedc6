package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.SlimException;
import dev.slim.config.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated hostile slim.yaml files through {@code slim build} and generated hostile Dockerfiles
 * through {@code slim migrate}, in this JVM, each on a worker thread with a 2 s limit. Every input
 * must end in exit 0, 2, 3 or 6 (migrate: no working image) with no stack trace and no
 * "internal error"; every slim.yaml that
 * migrate writes with exit 0 must load with {@link ConfigFile}.
 *
 * <p>{@code -Dslim.fuzz.count=N} sets how many of each (default 500), {@code -Dslim.fuzz.seed}
 * the seed; {@code bench/fuzz-inputs.sh} runs 10,000 of each. The counts go to stdout and to
 * {@code target/fuzz/summary-*.txt}; failing inputs are kept in {@code target/fuzz/}.
 */
class HostileInputFuzzTest {

  private static final int COUNT = Integer.getInteger("slim.fuzz.count", 500);
  private static final long SEED = Long.getLong("slim.fuzz.seed", 20261201L);
  private static final long LIMIT_MILLIS = 2000;
  private static final Pattern STACK_FRAME = Pattern.compile("\\n\\s+at [a-zA-Z_$][\\w$.]*\\(");
  /** Only {@code -o} is given: an error about any other flag came from the file's values. */
  private static final Pattern FLAG_ERROR =
      Pattern.compile("^slim: --(?!output)", Pattern.MULTILINE);
  private static final Pattern BINARY_NOT_FOUND =
      Pattern.compile("slim\\.yaml:\\d+: property 'binary': file not found: .*", Pattern.DOTALL);

  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void everyGeneratedSlimYamlEndsInExitZeroTwoOrThreeWithoutAStackTrace() throws Exception {
    Path dir = tmp.resolve("project");
    Files.createDirectories(dir);
    Files.copy(Path.of(CliTest.fixture("c-musl-static")), dir.resolve("app"));
    HostileYaml inputs = new HostileYaml(SEED);
    Fuzz fuzz = new Fuzz("slim.yaml");
    for (int i = 0; i < COUNT && fuzz.timeouts < 3; i++) {
      byte[] input = inputs.next();
      reset(dir);
      Files.write(dir.resolve("slim.yaml"), input);
      fuzz.run(i, input, () -> CliTest.run("build", dir.toString(), "-o",
          dir.resolve("out.tar").toString()), null);
    }
    fuzz.finish();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void everyGeneratedDockerfileEndsInExitZeroOrTwoAndItsSlimYamlLoads() throws Exception {
    Path dir = tmp.resolve("context");
    Files.createDirectories(dir);
    HostileDockerfiles inputs = new HostileDockerfiles(SEED);
    Fuzz fuzz = new Fuzz("Dockerfile");
    Path yaml = dir.resolve("slim.yaml");
    for (int i = 0; i < COUNT && fuzz.timeouts < 3; i++) {
      byte[] input = inputs.next();
      Files.deleteIfExists(yaml);
      Files.write(dir.resolve("Dockerfile"), input);
      fuzz.run(i, input, () -> CliTest.run("migrate", dir.resolve("Dockerfile").toString(), "-o",
          yaml.toString(), "--force"), () -> loads(yaml, dir));
    }
    fuzz.finish();
  }

  /**
   * The oracle for migrate: what it wrote loads. The binary is not built yet, so when only it is
   * missing the file is read again with {@code binary: ./app}, a file that exists, so that the
   * properties after it are checked too.
   */
  private static String loads(Path yaml, Path dir) throws IOException {
    String text = Files.readString(yaml, StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        ConfigFile.parse(text, "slim.yaml", dir, Map.of());
        return null;
      } catch (SlimException e) {
        if (attempt > 0 || !BINARY_NOT_FOUND.matcher(e.getMessage()).matches()) {
          return "its slim.yaml does not load: " + e.getMessage();
        }
        Files.writeString(dir.resolve("app"), "x");
        text = text.replaceFirst("(?m)^binary: .*$", "binary: ./app");
      }
    }
    return null;
  }

  private static void reset(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        String name = dir.relativize(p).toString();
        if (!name.isEmpty() && !name.equals("app")) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir.resolve("sub"));
  }

  interface Oracle {
    String check() throws Exception;
  }

  interface Input {
    CliTest.Result run() throws Exception;
  }

  /** Runs inputs with the time limit and keeps the counts and the failures. */
  private static final class Fuzz {
    private final String what;
    private final Map<Integer, Integer> exits = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private ExecutorService worker = newWorker();
    private long maxMillis;
    private int slowest = -1;
    private int inputs;
    private int timeouts;

    Fuzz(String what) {
      this.what = what;
    }

    void run(int index, byte[] input, Input call, Oracle oracle) throws Exception {
      inputs++;
      long start = System.nanoTime();
      Future<CliTest.Result> future = worker.submit(call::run);
      CliTest.Result result;
      try {
        result = future.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        worker.shutdownNow();
        worker = newWorker();
        timeouts++;
        fail(index, input, "took more than " + LIMIT_MILLIS + " ms");
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        fail(index, input, "threw " + e.getCause());
        return;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > maxMillis) {
        maxMillis = millis;
        slowest = index;
        keep("slowest-" + what, input);
      }
      exits.merge(result.exit(), 1, Integer::sum);
      String output = result.out() + result.err();
      if (result.exit() != 0 && result.exit() != 2 && result.exit() != 3 && result.exit() != 6) {
        fail(index, input, "exit " + result.exit() + ": " + firstLine(result.err()));
      } else if (STACK_FRAME.matcher(output).find() || output.contains("Exception")
          || output.contains("internal error") || output.contains("OutOfMemory")) {
        fail(index, input, "stack trace or internal error: " + firstLine(result.err()));
      } else if (FLAG_ERROR.matcher(result.err()).find()) {
        fail(index, input, "a file's mistake reported as a flag: " + firstLine(result.err()));
      } else if (result.exit() == 0 && oracle != null) {
        String problem = oracle.check();
        if (problem != null) {
          fail(index, input, problem);
        }
      }
    }

    private void fail(int index, byte[] input, String why) throws IOException {
      failures.add(what + " #" + index + ": " + why);
      keep(what + "-" + index, input);
    }

    private static void keep(String name, byte[] input) throws IOException {
      Path keep = Path.of("target", "fuzz", name);
      Files.createDirectories(keep.getParent());
      Files.write(keep, input);
    }

    void finish() throws IOException {
      worker.shutdownNow();
      String summary = what + ": " + inputs + " inputs (seed " + SEED + "), exits " + exits
          + ", slowest " + maxMillis + " ms (#" + slowest + "), failures " + failures.size()
          + (failures.isEmpty() ? "" : "\n  " + String.join("\n  ",
              failures.subList(0, Math.min(40, failures.size()))));
      System.out.println(summary);
      Path file = Path.of("target", "fuzz", "summary-" + what + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, summary + "\n");
      assertThat(failures).as(summary).isEmpty();
    }

    private static String firstLine(String text) {
      String line = text.lines().filter(l -> l.startsWith("slim:")).findFirst()
          .orElse(text.lines().findFirst().orElse(""));
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static ExecutorService newWorker() {
      return Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true);
        return t;
      });
    }
  }
}
