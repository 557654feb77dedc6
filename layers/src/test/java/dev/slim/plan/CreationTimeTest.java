package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an image's creation time comes from, in order, and what happens when nothing gives one. */
class CreationTimeTest {

  private static final Instant COMMIT = Instant.parse("2024-03-01T12:00:00Z");
  private static final Instant VCS = Instant.parse("2023-11-14T22:13:20Z");

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath()
        .normalize();
  }

  private static Inspection inspect(Path file) throws Exception {
    return Inspector.inspect(file);
  }

  /** A git lookup that answers for one folder only and records every folder asked. */
  private static Function<Path, Optional<Instant>> git(Path answers, List<Path> asked) {
    return folder -> {
      asked.add(folder);
      return folder.equals(answers) ? Optional.of(COMMIT) : Optional.empty();
    };
  }

  @Test
  void parsesRfc3339AndUnixSeconds() throws Exception {
    assertThat(CreationTime.parse("2024-05-01T10:00:00Z", "--created"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(CreationTime.parse("2024-05-01T12:00:00+02:00", "--created"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(CreationTime.parse("2024-05-01 10:00:00z", "--created"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(CreationTime.parse("2024-05-01T10:00:00.987Z", "--created"))
        .as("tar headers hold whole seconds").isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(CreationTime.parse("1714557600", "--created"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(CreationTime.parse("0", "--created")).isEqualTo(Instant.EPOCH);
  }

  @Test
  void rejectsWhatIsNoTimeNamingBothForms() {
    for (String bad : List.of("yesterday", "2024-05-01", "2024-05-01T10:00:00", "-1",
        "1960-01-01T00:00:00Z", "99999999999999", "")) {
      assertThatThrownBy(() -> CreationTime.parse(bad, "--created"), bad)
          .isInstanceOf(SlimException.class)
          .hasMessage("--created needs an RFC 3339 time such as 2024-05-01T10:00:00Z or Unix"
              + " seconds such as 1714557600 (1970 to 9999), not '" + bad + "'");
    }
  }

  @Test
  void createdWinsOverEverything() throws Exception {
    List<Path> asked = new ArrayList<>();
    Instant given = Instant.parse("2022-02-02T02:02:02Z");
    CreationTime.Decision d = CreationTime.decide(given, Map.of("SOURCE_DATE_EPOCH", "1"),
        List.of(inspect(fixture("c-musl-static"))), null, git(null, asked));
    assertThat(d.time()).isEqualTo(given);
    assertThat(d.source()).isEqualTo("--created");
    assertThat(d.warning()).isNull();
    assertThat(asked).as("git is not run when an earlier source answers").isEmpty();
  }

  @Test
  void sourceDateEpochComesNext() throws Exception {
    List<Path> asked = new ArrayList<>();
    CreationTime.Decision d = CreationTime.decide(null,
        Map.of("SOURCE_DATE_EPOCH", "1700000000"), List.of(inspect(fixture("c-musl-static"))),
        null, git(fixture("c-musl-static").getParent(), asked));
    assertThat(d.time()).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(d.source()).isEqualTo("SOURCE_DATE_EPOCH");
    assertThat(asked).isEmpty();
    assertThatThrownBy(() -> CreationTime.decide(null, Map.of("SOURCE_DATE_EPOCH", "soon"),
        List.of(), null, git(null, asked)))
        .hasMessage("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'soon'");
  }

  @Test
  void theGitRepositoryOfTheBinaryThenOfSlimYaml() throws Exception {
    Path binary = fixture("c-musl-static");
    Path config = tmp.resolve("project/slim.yaml");
    List<Path> asked = new ArrayList<>();
    CreationTime.Decision fromBinary = CreationTime.decide(null, Map.of(),
        List.of(inspect(binary)), config, git(binary.getParent(), asked));
    assertThat(fromBinary.time()).isEqualTo(COMMIT);
    assertThat(fromBinary.source())
        .isEqualTo("commit time of the git repository at " + binary.getParent());
    assertThat(asked).containsExactly(binary.getParent());

    asked.clear();
    CreationTime.Decision fromConfig = CreationTime.decide(null, Map.of(),
        List.of(inspect(binary)), config, git(config.getParent(), asked));
    assertThat(fromConfig.time()).isEqualTo(COMMIT);
    assertThat(fromConfig.source()).endsWith(config.getParent().toString());
    assertThat(asked).containsExactly(binary.getParent(), config.getParent());
  }

  @Test
  void nothingGivesTheEpochWithAWarningThatSaysWhatItBreaksAndTheFix() throws Exception {
    Path binary = fixture("c-musl-static");
    CreationTime.Decision d = CreationTime.decide(null, Map.of("SOURCE_DATE_EPOCH", " "),
        List.of(inspect(binary)), null, git(null, new ArrayList<>()));
    assertThat(d.time()).isEqualTo(Instant.EPOCH);
    assertThat(d.source()).isEqualTo("no source");
    assertThat(d.warning())
        .startsWith("no creation time: no --created, no SOURCE_DATE_EPOCH, no vcs.time in a Go"
            + " binary's build info and no git commit (git gave none for " + binary.getParent()
            + "), so the image says it was created 1970-01-01T00:00:00Z")
        .contains("slim report --keep-last and --older-than keep such images")
        .contains("fix: slim build --created TIME, or SOURCE_DATE_EPOCH=$(git log -1"
            + " --format=%ct), or build in a git checkout");
  }

  @Test
  void aPlaceholderTimeGivenOnPurposeIsWarnedAboutToo() throws Exception {
    CreationTime.Decision d = CreationTime.decide(null, Map.of("SOURCE_DATE_EPOCH", "0"),
        List.of(), null, git(null, new ArrayList<>()));
    assertThat(d.time()).isEqualTo(Instant.EPOCH);
    assertThat(d.warning()).startsWith("SOURCE_DATE_EPOCH gives the creation time"
        + " 1970-01-01T00:00:00Z, which says nothing about when the image was made");
    assertThat(CreationTime.unknown(Instant.parse("1980-01-01T23:59:59Z"))).isTrue();
    assertThat(CreationTime.unknown(Instant.parse("1980-01-02T00:00:00Z"))).isFalse();
    assertThat(CreationTime.unknown(null)).isTrue();
  }

  @Test
  void readsTheCommitTimeOfARealRepository() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"));
    Files.writeString(repo.dir().resolve("README"), "first\n");
    repo.commit("first", Instant.parse("2021-06-01T00:00:00Z"));
    Files.createDirectories(repo.dir().resolve("build/bin"));
    Files.writeString(repo.dir().resolve("README"), "second\n");
    repo.commit("second", COMMIT);
    assertThat(CreationTime.gitCommitTime(repo.dir())).contains(COMMIT);
    assertThat(CreationTime.gitCommitTime(repo.dir().resolve("build/bin")))
        .as("a folder inside the work tree (also an ignored one)").contains(COMMIT);
  }

  @Test
  void asksGitOnlyWhereAGitFolderIsAbove() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain/deeper"));
    Assumptions.assumeFalse(CreationTime.insideGitWorkTree(tmp),
        "the temporary folder is inside a git repository");
    assertThat(CreationTime.insideGitWorkTree(plain)).isFalse();
    Files.createDirectories(tmp.resolve("plain/.git"));
    assertThat(CreationTime.insideGitWorkTree(plain)).isTrue();
    Path worktree = Files.createDirectories(tmp.resolve("wt/sub"));
    Files.writeString(tmp.resolve("wt/.git"), "gitdir: /elsewhere\n");
    assertThat(CreationTime.insideGitWorkTree(worktree)).as("a worktree's .git file").isTrue();
  }

  @Test
  void noRepositoryNoCommitsOrNoFolderFallThrough() throws Exception {
    GitRepo.assumeGit();
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Assumptions.assumeTrue(CreationTime.gitCommitTime(tmp).isEmpty(),
        "the temporary folder is inside a git repository");
    assertThat(CreationTime.gitCommitTime(plain)).isEmpty();
    GitRepo empty = GitRepo.init(tmp.resolve("empty"));
    assertThat(CreationTime.gitCommitTime(empty.dir())).isEmpty();
    assertThat(CreationTime.gitCommitTime(tmp.resolve("missing"))).isEmpty();
  }

  @Test
  void theBinaryInARealRepositoryDecides() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("app"));
    Path binary = repo.dir().resolve("app");
    Files.copy(fixture("c-musl-static"), binary);
    repo.commit("app", COMMIT);
    CreationTime.Decision d = CreationTime.decide(null, Map.of(), List.of(inspect(binary)),
        null);
    assertThat(d.time()).isEqualTo(COMMIT);
    assertThat(d.warning()).isNull();
  }

  /**
   * {@code go build} in a git checkout stamps {@code vcs.time} (the commit time) into the build
   * info; it wins over the git repository the binary is copied to.
   */
  @Test
  void aGoBinarysVcsTimeComesBeforeGit() throws Exception {
    GitRepo source = GitRepo.init(tmp.resolve("src"));
    Files.writeString(source.dir().resolve("go.mod"), "module example.com/stamped\n\ngo 1.19\n");
    Files.writeString(source.dir().resolve("main.go"),
        "package main\n\nfunc main() { println(\"stamped\") }\n");
    source.commit("main", VCS);
    Path binary = goBuild(source.dir(), tmp.resolve("out/stamped"));
    Inspection inspection = inspect(binary);
    assertThat(inspection.go().setting("vcs.time")).isEqualTo("2023-11-14T22:13:20Z");

    List<Path> asked = new ArrayList<>();
    CreationTime.Decision d = CreationTime.decide(null, Map.of(), List.of(inspection), null,
        git(binary.getParent(), asked));
    assertThat(d.time()).isEqualTo(VCS);
    assertThat(d.source()).isEqualTo("vcs.time of " + binary);
    assertThat(asked).isEmpty();
    // the fixtures are built with -buildvcs=false: no vcs.time, so git decides
    assertThat(CreationTime.decide(null, Map.of(),
        List.of(inspect(fixture("go-hello-linux-amd64"))), null,
        git(fixture("go-hello-linux-amd64").getParent(), asked)).time()).isEqualTo(COMMIT);
  }

  /** Builds a static Go binary with the go toolchain (skips the test without one). */
  private Path goBuild(Path module, Path output) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("go", "build", "-trimpath", "-o",
        output.toString(), ".").directory(module.toFile()).redirectErrorStream(true);
    builder.environment().put("CGO_ENABLED", "0");
    builder.environment().put("GOOS", "linux");
    builder.environment().put("GOFLAGS", "-buildvcs=true");
    builder.environment().put("GOPROXY", "off");
    builder.environment().put("GOTOOLCHAIN", "local");
    if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null) {
      builder.environment().put("GOCACHE", tmp.resolve("gocache").toString());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("go is not installed (apt-get install golang-go)", e);
      }
      Assumptions.assumeTrue(false, "go is not installed");
      throw e;
    }
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    return output;
  }
}
