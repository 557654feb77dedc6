package dev.slim.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real git repository in a test's folder, with commits at fixed times ({@code
 * GIT_COMMITTER_DATE}), for what slim reads from git: the creation time of an image.
 */
public final class GitRepo {

  private final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** Skips the test when git is not installed (CI requires it). */
  public static void assumeGit() {
    boolean found;
    try {
      found = new ProcessBuilder("git", "--version").redirectErrorStream(true).start()
          .waitFor() == 0;
    } catch (IOException e) {
      found = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      found = false;
    }
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("git is not installed (apt-get install git)");
    }
    Assumptions.assumeTrue(found, "git is not installed");
  }

  /** {@code git init} in {@code dir} (created if missing). */
  public static GitRepo init(Path dir) throws IOException, InterruptedException {
    assumeGit();
    Files.createDirectories(dir);
    GitRepo repo = new GitRepo(dir);
    repo.git(null, "init", "-q", ".");
    return repo;
  }

  public Path dir() {
    return dir;
  }

  /** Adds everything in the folder and commits it with this author and committer time. */
  public void commit(String message, Instant time) throws IOException, InterruptedException {
    git(null, "add", "-A", ".");
    git(time, "-c", "user.name=slim test", "-c", "user.email=test@slim.invalid",
        "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", message);
  }

  /** Runs git in the repository; fails the test on a non-zero exit. */
  public String git(Instant time, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("GIT_DIR");
    env.remove("GIT_WORK_TREE");
    if (time != null) {
      env.put("GIT_COMMITTER_DATE", time.getEpochSecond() + " +0000");
      env.put("GIT_AUTHOR_DATE", time.getEpochSecond() + " +0000");
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
