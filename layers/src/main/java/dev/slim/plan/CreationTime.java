package dev.slim.plan;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.inspect.GoBuildInfo;
import dev.slim.inspect.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An image's creation time: it must mean something (retention ranks and ages images by it) and
 * stay reproducible (the same inputs at the same commit give the same digest). The first of these
 * that gives a time decides:
 *
 * <ol>
 *   <li>{@code --created TIME} (RFC 3339 or Unix seconds);
 *   <li>{@code SOURCE_DATE_EPOCH};
 *   <li>for a Go binary, its build info's {@code vcs.time} (the commit time {@code go build}
 *       stamps in a git checkout; the newest when several binaries have one);
 *   <li>the commit time of HEAD of the git repository holding the binary (its folder), else the
 *       one holding {@code slim.yaml} ({@code git log -1 --format=%ct}; no git, not a repository
 *       or git failing: the next rule);
 *   <li>the epoch, 1970-01-01T00:00:00Z, with a warning: such images cannot be ranked or aged.
 * </ol>
 *
 * <p>A time at or before {@link #UNKNOWN_UNTIL} (the epoch, the DOS/zip epoch 1980-01-01 that
 * some tools write) says nothing about when an image was made; {@code slim report} keeps such
 * images rather than rank them.
 */
public final class CreationTime {

  /** Creation times before this (any time of 1980-01-01 or earlier) are placeholders. */
  public static final Instant UNKNOWN_UNTIL = Instant.parse("1980-01-02T00:00:00Z");

  /** The latest time a tar header and SOURCE_DATE_EPOCH take here: 9999-12-31T23:59:59Z. */
  private static final long MAX_SECONDS = 253402300799L;
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final long GIT_TIMEOUT_MILLIS = 10_000;

  /**
   * The time decided and by what.
   *
   * @param source what gave it, for people: {@code --created}, {@code SOURCE_DATE_EPOCH},
   *     {@code vcs.time of FILE}, {@code commit time of the git repository at DIR}, or
   *     {@code no source}
   * @param warning what the time breaks and how to fix it, or null when it is a real time
   */
  public record Decision(Instant time, String source, String warning) {
    public Decision {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(source, "source");
    }
  }

  private CreationTime() {}

  /** Whether a creation time is a placeholder (missing, or at or before 1980-01-01). */
  public static boolean unknown(Instant created) {
    return created == null || created.isBefore(UNKNOWN_UNTIL);
  }

  /**
   * Parses {@code --created}: RFC 3339 ({@code 2024-05-01T10:00:00Z}, an offset instead of
   * {@code Z}, a space instead of {@code T}) or whole Unix seconds. Fractions of a second are
   * dropped: tar headers hold whole seconds, and config and layers must agree.
   *
   * @param what the option's name, for the message
   * @throws SlimException (usage) naming both accepted forms
   */
  public static Instant parse(String text, String what) throws SlimException {
    String value = Objects.requireNonNull(text, "text").trim();
    Instant time = null;
    if (SECONDS.matcher(value).matches()) {
      long seconds = Long.parseLong(value);
      time = seconds <= MAX_SECONDS ? Instant.ofEpochSecond(seconds) : null;
    } else if (value.length() > 10) {
      String iso = value.substring(0, 10) + (value.charAt(10) == ' ' ? "T" : value.substring(10,
          11)) + value.substring(11);
      try {
        time = OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT),
            DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        time = null;
      }
    }
    if (time == null || time.isBefore(Instant.EPOCH)
        || time.getEpochSecond() > MAX_SECONDS) {
      throw new SlimException(Reason.USAGE, what + " needs an RFC 3339 time such as"
          + " 2024-05-01T10:00:00Z or Unix seconds such as 1714557600 (1970 to 9999), not '"
          + text + "'");
    }
    return time.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * Decides the creation time, running git only when nothing earlier gave one.
   *
   * @param explicit {@code --created}, or null
   * @param environment for {@code SOURCE_DATE_EPOCH}
   * @param binaries the inspected binaries (their files' folders are asked for a git commit)
   * @param config the {@code slim.yaml} read, or null
   * @throws SlimException (usage) for a malformed {@code SOURCE_DATE_EPOCH}
   */
  public static Decision decide(Instant explicit, Map<String, String> environment,
      List<Inspection> binaries, Path config) throws SlimException {
    return decide(explicit, environment, binaries, config, CreationTime::gitCommitTime);
  }

  static Decision decide(Instant explicit, Map<String, String> environment,
      List<Inspection> binaries, Path config, Function<Path, Optional<Instant>> git)
      throws SlimException {
    if (explicit != null) {
      return checked(explicit, "--created");
    }
    String epoch = environment.get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      return checked(sourceDateEpoch(epoch), "SOURCE_DATE_EPOCH");
    }
    Instant newest = null;
    String from = null;
    for (Inspection binary : binaries) {
      Instant vcs = vcsTime(binary.go());
      if (vcs != null && (newest == null || vcs.isAfter(newest))) {
        newest = vcs;
        from = "vcs.time of " + binary.file();
      }
    }
    if (newest != null) {
      return checked(newest, from);
    }
    Set<Path> folders = new LinkedHashSet<>();
    for (Inspection binary : binaries) {
      folders.add(folderOf(binary.file()));
    }
    if (config != null) {
      folders.add(folderOf(config));
    }
    folders.remove(null);
    for (Path folder : folders) {
      Optional<Instant> commit = git.apply(folder);
      if (commit.isPresent()) {
        return checked(commit.get(), "commit time of the git repository at " + folder);
      }
    }
    List<String> where = new ArrayList<>();
    folders.forEach(f -> where.add(f.toString()));
    return new Decision(Instant.EPOCH, "no source", "no creation time: no --created, no"
        + " SOURCE_DATE_EPOCH, no vcs.time in a Go binary's build info and no git commit"
        + (where.isEmpty() ? "" : " (git gave none for " + String.join(", ", where) + ")")
        + ", so the image says it was created 1970-01-01T00:00:00Z: retention by age cannot"
        + " rank or age it (slim report --keep-last and --older-than keep such images); fix:"
        + " slim build --created TIME, or SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or build"
        + " in a git checkout");
  }

  /** A decided time that is itself a placeholder (--created 0) gets the same warning. */
  private static Decision checked(Instant time, String source) {
    if (!unknown(time)) {
      return new Decision(time, source, null);
    }
    return new Decision(time, source, source + " gives the creation time "
        + DateTimeFormatter.ISO_INSTANT.format(time) + ", which says nothing about when the image"
        + " was made: slim report --keep-last and --older-than keep images created at or before"
        + " 1980-01-01 rather than rank or age them; fix: give a real time (--created TIME, or"
        + " SOURCE_DATE_EPOCH=$(git log -1 --format=%ct))");
  }

  static Instant sourceDateEpoch(String epoch) throws SlimException {
    try {
      long seconds = Long.parseLong(epoch.trim());
      if (seconds < 0 || seconds > MAX_SECONDS) {
        throw new NumberFormatException();
      }
      return Instant.ofEpochSecond(seconds);
    } catch (NumberFormatException e) {
      throw new SlimException(Reason.USAGE,
          "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '" + epoch + "'");
    }
  }

  /** {@code vcs.time} of a Go binary's build info, or null when absent or malformed. */
  static Instant vcsTime(GoBuildInfo go) {
    String text = go == null ? null : go.setting("vcs.time");
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Path folderOf(Path file) {
    return file.toAbsolutePath().normalize().getParent();
  }

  /** Whether the folder or one above it has a {@code .git} (a folder, or a worktree's file). */
  static boolean insideGitWorkTree(Path folder) {
    for (Path at = folder.toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.exists(at.resolve(".git"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The committer time of HEAD of the git repository holding {@code folder}: {@code git -C
   * FOLDER log -1 --format=%ct}. Empty when git is not installed, the folder is in no repository
   * (or one without commits, or one git refuses to read), or git fails or hangs.
   */
  public static Optional<Instant> gitCommitTime(Path folder) {
    if (!insideGitWorkTree(folder)) {
      return Optional.empty(); // no git process for a binary outside any repository
    }
    ProcessBuilder builder = new ProcessBuilder("git", "-C", folder.toString(),
        "-c", "log.showSignature=false", "log", "-1", "--format=%ct")
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().remove("GIT_DIR");
    builder.environment().remove("GIT_WORK_TREE");
    Process process;
    try {
      process = builder.start();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    try {
      process.getOutputStream().close();
      // the answer is one short line, well within a pipe's buffer: wait first, then read
      if (!process.waitFor(GIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
          || process.exitValue() != 0) {
        return Optional.empty();
      }
      String text;
      try (InputStream out = process.getInputStream()) {
        text = new String(out.readNBytes(64), StandardCharsets.US_ASCII).trim();
      }
      if (!SECONDS.matcher(text).matches() || Long.parseLong(text) > MAX_SECONDS) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      process.destroy();
    }
  }
}
