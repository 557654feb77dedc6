package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim report --apply} killed with SIGKILL half-way, three times at seeded points, then
 * run again to the end, leaves Debian's docker-registry storage exactly as one uninterrupted run
 * on an identical layout does: the same tag links and the same manifest revision links in every
 * repository. The journal holds each manifest deleted, but those whose DELETE was under way at
 * the kill.
 */
class ApplyResumeIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void aKilledApplyRunAgainReachesTheStateOfAnUninterruptedOne() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer whole = RegistryServer.start();
        RegistryServer killed = RegistryServer.start()) {
      RegistryLayout layout = RegistryLayout.builder().repos(4).tagsPerRepo(120).manifests(200)
          .indexShare(0.3).sbomShare(0.3).baseLayers(4).seed(15).build();
      layout.write(whole.storageDir());
      layout.write(killed.storageDir());
      assertThat(links(killed.storageDir())).isEqualTo(links(whole.storageDir()));

      SlimProcess.Run reference = apply(whole.host(), tmp.resolve("whole.jsonl"),
          tmp.resolve("whole.json"));
      assertThat(reference.exit()).as(reference.all()).isZero();
      JsonNode plan = JSON.readTree(tmp.resolve("whole.json").toFile());
      int deletions = plan.path("deletions").size();
      assertThat(deletions).as("the policy deletes images, children and SBOMs")
          .isGreaterThan(100);
      assertThat(plan.path("applied").path("deleted")).hasSize(deletions);
      long journaledBytes = 0;
      for (String line : Files.readAllLines(tmp.resolve("whole.jsonl"))) {
        journaledBytes += JSON.readTree(line).path("bytes").asLong();
      }
      assertThat(Files.readAllLines(tmp.resolve("whole.jsonl"))).hasSize(deletions);
      assertThat(journaledBytes).as("the journal's bytes add up to the reclaimable bytes")
          .isEqualTo(plan.path("totals").path("reclaimableBytes").asLong()).isPositive();

      Path journal = tmp.resolve("killed.jsonl");
      Random random = new Random(20261202);
      int kills = 0;
      for (int round = 1; round <= 3; round++) {
        // kill once the journal has a seeded number of lines in the round's fifth of the
        // deletions: in each wave (attachments, index children, tagged images) in turn
        int at = round * deletions / 5 + random.nextInt(deletions / 5);
        if (killAfter(killed.host(), journal, Math.max(at, lines(journal) + 1))) {
          kills++;
        }
      }
      int beforeLast = lines(journal);
      SlimProcess.Run last = apply(killed.host(), journal, tmp.resolve("killed.json"));
      assertThat(last.exit()).as(last.all()).isZero();

      assertThat(links(killed.storageDir())).as("tag and revision links")
          .isEqualTo(links(whole.storageDir()));
      assertThat(kills).as("runs killed while deleting").isEqualTo(3);
      assertThat(beforeLast).as("deleted before the last run").isLessThan(deletions);
      Set<String> journaled = new HashSet<>();
      for (String line : Files.readAllLines(journal)) {
        JsonNode entry = JSON.readTree(line);
        journaled.add(entry.path("repository").asText() + "@" + entry.path("digest").asText());
        assertThat(entry.path("time").asText()).isNotEmpty();
        assertThat(entry.path("bytes").isIntegralNumber()).isTrue();
      }
      Set<String> planned = new HashSet<>();
      plan.path("deletions").forEach(d -> planned.add(d.path("repository").asText() + "@"
          + d.path("digest").asText()));
      // A killed run may have sent up to --jobs DELETEs whose answer it never saw: those
      // manifests are gone without a line, and the next run does not find them any more.
      assertThat(planned).as("journaled manifests are planned ones").containsAll(journaled);
      Set<String> unjournaled = new HashSet<>(planned);
      unjournaled.removeAll(journaled);
      assertThat(unjournaled.size()).as("deleted without a line: in flight when killed")
          .isLessThanOrEqualTo(3 * 4);
      System.out.println("apply of " + deletions + " deletions killed 3 times; runs' journal "
          + lines(journal) + " lines, " + unjournaled.size() + " deleted while being killed");
    }
  }

  private SlimProcess.Run apply(String host, Path journal, Path json)
      throws IOException, InterruptedException {
    return SlimProcess.run(tmp, "report", host, "--keep-last", "5", "--apply", "--yes",
        "--jobs", "4", "--journal", journal.toString(), "--json", json.toString());
  }

  /** Starts an --apply and kills it (SIGKILL) once the journal has {@code lines} lines. */
  private boolean killAfter(String host, Path journal, int lines) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        SlimProcess.jar().toString(), "report", host, "--keep-last", "5", "--apply", "--yes",
        "--jobs", "4", "--journal", journal.toString()));
    Process process = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out.txt").toFile())
        .redirectError(tmp.resolve("err.txt").toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (process.isAlive() && lines(journal) < lines && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      boolean killed = process.isAlive();
      process.destroyForcibly(); // SIGKILL
      process.waitFor(30, TimeUnit.SECONDS);
      return killed;
    } finally {
      process.destroyForcibly();
    }
  }

  private static int lines(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    return (int) new String(Files.readAllBytes(journal), StandardCharsets.UTF_8).chars()
        .filter(c -> c == '\n').count();
  }

  /** Every tag link and manifest revision link of the storage, by path, with its content. */
  private static TreeMap<String, String> links(Path storage) throws IOException {
    Path repos = storage.resolve("docker/registry/v2/repositories");
    TreeMap<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(repos)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String path = repos.relativize(file).toString();
        if (path.contains("/_manifests/") && path.endsWith("/link")) {
          out.put(path, Files.readString(file));
        }
      }
    }
    return out;
  }
}
