package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.plan.CreationTime;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.GitRepo;
import dev.slim.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 1, end to end against Debian's docker-registry: {@code team/svc:v1}, {@code v2},
 * {@code v3} pushed one after another (no SOURCE_DATE_EPOCH), then {@code slim report --keep-last
 * 1 --apply --yes} must keep {@code v3}; with every image at the epoch it deletes nothing and
 * says why. {@code --apply} deletes exactly what the preview showed.
 */
class RetentionIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void pushedOneAfterAnotherFromGitTheNewestIsKept() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/team/svc";
      GitRepo git = GitRepo.init(tmp.resolve("svc"));
      Map<String, String> digests = new TreeMap<>();
      for (int i = 1; i <= 3; i++) {
        Path binary = version(git.dir(), i);
        git.commit("v" + i, Instant.parse("2024-0" + i + "-01T00:00:00Z"));
        SlimProcess.Run run = build(binary, repo + ":v" + i);
        assertThat(run.err()).doesNotContain("warning");
        digests.put("v" + i, digestOf(run));
      }
      // the same binary at the same commit: the same image
      assertThat(digestOf(build(git.dir().resolve("app"), repo + ":v3-again")))
          .isEqualTo(digests.get("v3"));

      Path preview = tmp.resolve("preview.json");
      SlimProcess.Run shown = SlimProcess.run(tmp, "report", repo, "--keep-last", "1",
          "--json", preview.toString());
      assertThat(shown.exit()).as(shown.all()).isZero();
      JsonNode before = JSON.readTree(preview.toFile());
      assertThat(verdicts(before)).containsExactlyInAnyOrderEntriesOf(Map.of(
          "v1", "delete", "v2", "delete", "v3", "keep", "v3-again", "keep"));
      assertThat(row(before, "v1").path("created").asText()).isEqualTo("2024-01-01T00:00:00Z");
      assertThat(row(before, "v3").path("reason").asText())
          .isEqualTo("one of the 1 newest (--keep-last)");

      Path after = tmp.resolve("applied.json");
      SlimProcess.Run applied = SlimProcess.run(tmp, "report", repo, "--keep-last", "1",
          "--apply", "--yes", "--json", after.toString());
      assertThat(applied.exit()).as(applied.all()).isZero();
      JsonNode report = JSON.readTree(after.toFile());
      assertThat(deleted(report)).as("deleted exactly what the preview showed")
          .isEqualTo(shown(before))
          .containsExactlyInAnyOrder("team/svc@" + digests.get("v1"),
              "team/svc@" + digests.get("v2"));
      RegistryClient client = RegistryClient.builder(registry.host()).build();
      assertThat(client.getManifest("team/svc", "v1")).isEmpty();
      assertThat(client.getManifest("team/svc", "v2")).isEmpty();
      assertThat(client.getManifest("team/svc", "v3")).isPresent();
    }
  }

  @Test
  void atTheEpochNothingIsDeletedAndTheReportSaysWhyAndWhatToDo() throws Exception {
    RegistryServer.assumeAvailable();
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Assumptions.assumeTrue(CreationTime.gitCommitTime(plain).isEmpty(),
        "the temporary folder is inside a git repository");
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/team/svc";
      Map<String, String> digests = new TreeMap<>();
      for (int i = 1; i <= 3; i++) {
        SlimProcess.Run run = build(version(plain, i), repo + ":v" + i);
        assertThat(run.err()).contains(": no creation time:").contains("warning: ")
            .contains("so the image says it was created 1970-01-01T00:00:00Z")
            .contains("fix: slim build --created TIME");
        digests.put("v" + i, digestOf(run));
      }

      Path json = tmp.resolve("epoch.json");
      SlimProcess.Run run = SlimProcess.run(tmp, "report", repo, "--keep-last", "1", "--apply",
          "--yes", "--json", json.toString());
      assertThat(run.exit()).as(run.all()).isZero();
      JsonNode report = JSON.readTree(json.toFile());
      assertThat(verdicts(report)).containsOnlyKeys("v1", "v2", "v3").containsValues("keep")
          .doesNotContainValue("delete");
      for (String tag : List.of("v1", "v2", "v3")) {
        assertThat(row(report, tag).path("reason").asText()).isEqualTo(
            "creation time unknown (1970-01-01): cannot rank by age (--keep-last)");
      }
      assertThat(report.path("applied").path("deleted")).isEmpty();
      assertThat(run.out()).contains("creation time unknown (1970-01-01): cannot rank by age")
          .contains("note:        3 tags were kept because the image's creation time is unknown")
          .contains("fix: rebuild with a real time (slim build --created TIME, SOURCE_DATE_EPOCH,"
              + " or from a git checkout), or rank by the tags' versions with --order semver");

      // an image pushed today is not older than 30 days
      SlimProcess.Run aged = SlimProcess.run(tmp, "report", repo, "--older-than", "30d");
      assertThat(aged.exit()).as(aged.all()).isZero();
      assertThat(aged.out()).contains("cannot tell its age (--older-than 30d)")
          .contains("delete:      0 of 3 tags");

      // the explicit ordering the user may choose instead, previewed and then applied
      Path preview = tmp.resolve("semver-preview.json");
      assertThat(SlimProcess.run(tmp, "report", repo, "--keep-last", "1", "--order", "semver",
          "--json", preview.toString()).exit()).isZero();
      Path applied = tmp.resolve("semver.json");
      SlimProcess.Run semver = SlimProcess.run(tmp, "report", repo, "--keep-last", "1",
          "--order", "semver", "--apply", "--yes", "--json", applied.toString());
      assertThat(semver.exit()).as(semver.all()).isZero();
      JsonNode shown = JSON.readTree(preview.toFile());
      assertThat(shown.path("policy").asText()).isEqualTo("--keep-last 1, --order semver,"
          + " latest kept");
      assertThat(row(shown, "v3").path("reason").asText())
          .isEqualTo("one of the 1 newest versions (--keep-last, --order semver)");
      assertThat(deleted(JSON.readTree(applied.toFile()))).isEqualTo(shown(shown))
          .containsExactlyInAnyOrder("team/svc@" + digests.get("v1"),
              "team/svc@" + digests.get("v2"));
    }
  }

  @Test
  void todaysImageIsKeptByOlderThanAndAnOldOneIsNot() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/team/aged";
      build(version(tmp, 1), repo + ":old", "--created", "2020-01-01T00:00:00Z");
      build(version(tmp, 2), repo + ":today", "--created",
          String.valueOf(Instant.now().getEpochSecond()));
      Path json = tmp.resolve("aged.json");
      SlimProcess.Run run = SlimProcess.run(tmp, "report", repo, "--older-than", "30d",
          "--json", json.toString());
      assertThat(run.exit()).as(run.all()).isZero();
      JsonNode report = JSON.readTree(json.toFile());
      assertThat(row(report, "today").path("reason").asText())
          .isEqualTo("newer than 30d (--older-than)");
      assertThat(row(report, "old").path("verdict").asText()).isEqualTo("delete");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The static C fixture with a few bytes appended: another binary, another image. In a git
   * repository it replaces {@code app} (one file, committed again); elsewhere it is {@code app-I}.
   */
  private static Path version(Path dir, int i) throws Exception {
    Files.createDirectories(dir);
    byte[] bytes = Files.readAllBytes(fixture("c-musl-static"));
    byte[] extra = ("version " + i).getBytes(StandardCharsets.UTF_8);
    byte[] copy = java.util.Arrays.copyOf(bytes, bytes.length + extra.length);
    System.arraycopy(extra, 0, copy, bytes.length, extra.length);
    Path file = dir.resolve(Files.isDirectory(dir.resolve(".git")) ? "app" : "app-" + i);
    Files.write(file, copy);
    return file;
  }

  private SlimProcess.Run build(Path binary, String image, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("build", binary.toString(), "--image", image,
        "--push"));
    args.addAll(List.of(extra));
    SlimProcess.Run run = SlimProcess.run(tmp, Map.of(), null, args.toArray(String[]::new));
    assertThat(run.exit()).as(run.all()).isZero();
    return run;
  }

  private static String digestOf(SlimProcess.Run run) {
    String line = run.out().strip();
    return line.substring(line.lastIndexOf('@') + 1);
  }

  private static Map<String, String> verdicts(JsonNode report) {
    Map<String, String> out = new TreeMap<>();
    report.path("tags").forEach(t -> out.put(t.path("tag").asText(), t.path("verdict").asText()));
    return out;
  }

  private static JsonNode row(JsonNode report, String tag) {
    for (JsonNode t : report.path("tags")) {
      if (t.path("tag").asText().equals(tag)) {
        return t;
      }
    }
    throw new AssertionError("no tag " + tag);
  }

  /** The manifests the report lists for deletion, as {@code REPO@DIGEST}. */
  private static Set<String> shown(JsonNode report) {
    Set<String> out = new TreeSet<>();
    report.path("deletions").forEach(d -> out.add(d.path("repository").asText() + "@"
        + d.path("digest").asText()));
    return out;
  }

  private static Set<String> deleted(JsonNode report) {
    Set<String> out = new TreeSet<>();
    report.path("applied").path("deleted").forEach(d -> out.add(d.asText()));
    assertThat(report.path("applied").path("skipped")).isEmpty();
    return out;
  }
}
