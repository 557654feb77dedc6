package dev.slim.files;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One file slim writes (a report, the digest file, the SBOM, the archive, a migrated
 * {@code slim.yaml}), checked by {@link #of} before any work starts and written the way its
 * target needs:
 *
 * <ul>
 *   <li>a regular file or a new path ({@link Way#REPLACE}): written to a hidden partial file in
 *       the same folder and renamed over the target at the end, so a failure never leaves half a
 *       file. A replaced file keeps its mode (and, where allowed, owner); a new one gets the mode
 *       the user's umask gives.
 *   <li>a symbolic link: its target is written as above; the link stays.
 *   <li>a character device, FIFO or socket, or {@code /dev/fd/N} ({@link Way#THROUGH}): opened
 *       and written, nothing renamed; a failure mid-write cannot be undone there.
 *   <li>{@code -} or {@code /dev/stdout} ({@link Way#STDOUT}): this process's standard output.
 * </ul>
 *
 * A folder, {@code .}, an empty path, a file where a folder should be and a folder slim may not
 * write in are usage errors naming the option.
 *
 * @param option the option that named the file, for messages ({@code --report-json})
 * @param path the path as the user gave it
 * @param target what is written: the path, or the end of its chain of symbolic links
 */
public record OutputFile(String option, Path path, Way way, Path target) {

  /** How an output reaches its target. */
  public enum Way {
    /** Partial file beside the target, then an atomic rename over it. */
    REPLACE,
    /** Opened and written in place: devices, FIFOs, file descriptors. */
    THROUGH,
    /** Standard output. */
    STDOUT
  }

  /** Writes an output's bytes to the stream it is given; the stream is closed afterwards. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int MAX_NAME = 100;

  public OutputFile {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(way, "way");
    Objects.requireNonNull(target, "target");
  }

  /**
   * Checks {@code path} as the output of {@code option} and says how it will be written; also
   * removes partial files that a killed slim left beside it.
   *
   * @throws SlimException (usage) when nothing can be written there
   */
  public static OutputFile of(String option, Path path) throws SlimException {
    return Targets.resolve(option, path);
  }

  /**
   * Whether the path means this process's standard output: {@code -}, {@code /dev/stdout},
   * {@code /dev/fd/1}, or a symbolic link to one of them.
   */
  public static boolean meansStdout(Path path) {
    if (path.toString().equals("-")) {
      return true;
    }
    return Targets.isStdout(path);
  }

  /** Whether writing would replace a regular file that exists (what {@code --force} allows). */
  public boolean replacesAFile() {
    return way == Way.REPLACE && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
  }

  public void write(String text) throws SlimException, IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(out -> out.write(bytes));
  }

  /**
   * Writes the output. A failure of the target itself (disk full, a closed pipe) is a
   * {@link SlimException} naming the option; what {@code body} throws otherwise passes through.
   */
  public void write(Body body) throws SlimException, IOException {
    switch (way) {
      case STDOUT -> toStdout(body);
      case THROUGH -> {
        OutputStream raw = opened(() -> Files.newOutputStream(target, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND));
        writeAndClose(raw, body);
      }
      case REPLACE -> replace(body);
    }
  }

  /** Appends (to {@code $GITHUB_STEP_SUMMARY}): through a link, onto a device, or to stdout. */
  public void append(String text) throws SlimException, IOException {
    if (way == Way.STDOUT) {
      write(text);
      return;
    }
    OutputStream raw = opened(() -> {
      Files.createDirectories(target.toAbsolutePath().getParent());
      return Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    });
    writeAndClose(raw, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return path.toString();
  }

  private void replace(Body body) throws SlimException, IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path partial = folder.resolve(partials(target.getFileName().toString())
        .name(Leftovers.pid(), ThreadLocalRandom.current().nextLong()));
    OutputStream raw = opened(() -> {
      Files.createDirectories(folder);
      return Leftovers.create(partial, () -> Files.newOutputStream(partial,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    });
    try {
      writeAndClose(raw, body);
      opened(() -> {
        keepModeAndOwner(target, partial);
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      });
    } finally {
      Files.deleteIfExists(partial);
      Leftovers.forget(partial);
    }
  }

  private void toStdout(Body body) throws SlimException, IOException {
    PrintStream stdout = System.out;
    stdout.flush();
    body.writeTo(new FilterOutputStream(stdout) {
      @Override
      public void write(byte[] b, int off, int len) {
        stdout.write(b, off, len);
      }

      @Override
      public void close() {
        stdout.flush();
      }
    });
    stdout.flush();
    if (stdout.checkError()) {
      throw failed("cannot write to stdout");
    }
  }

  private void writeAndClose(OutputStream raw, Body body) throws SlimException, IOException {
    try (OutputStream out = new BufferedOutputStream(new Guarded(raw), 1 << 16)) {
      body.writeTo(out);
    } catch (Guarded.Failure e) {
      throw failed("cannot write: " + e.getCause().getMessage());
    }
  }

  private interface Opening<T> {
    T open() throws IOException;
  }

  private <T> T opened(Opening<T> opening) throws SlimException {
    try {
      return opening.open();
    } catch (IOException e) {
      throw failed("cannot write: " + Targets.reason(e));
    }
  }

  private SlimException failed(String why) {
    return new SlimException(Reason.USAGE, option + " " + path + ": " + why);
  }

  /** A replaced file keeps what its owner chose: its mode, and its owner and group if we may. */
  private static void keepModeAndOwner(Path old, Path partial) throws IOException {
    if (!Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(partial,
        PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    PosixFileAttributes was = Files.readAttributes(old, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    view.setPermissions(was.permissions());
    try {
      PosixFileAttributes now = view.readAttributes();
      if (!now.owner().equals(was.owner())) {
        view.setOwner(was.owner());
      }
      if (!now.group().equals(was.group())) {
        view.setGroup(was.group());
      }
    } catch (IOException notAllowed) {
      // only root may give a file away: the new file is then the writer's
    }
  }

  /** {@code .NAME.slim-PID-RANDOM.partial}: hidden, and whose it is can be read from the name. */
  static LeftoverName partials(String name) {
    return new LeftoverName("." + shortName(name) + ".slim-", ".partial");
  }

  private static String shortName(String name) {
    return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
  }

  /** Tells a failure of the target's stream from a failure of what writes into it. */
  private static final class Guarded extends FilterOutputStream {

    static final class Failure extends IOException {
      Failure(IOException cause) {
        super(cause);
      }
    }

    Guarded(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        throw new Failure(e);
      }
    }
  }
}
