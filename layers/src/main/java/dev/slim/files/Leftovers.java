package dev.slim.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The temporary files and folders this process has made and not yet removed: a build's work
 * folder, the partial file of an output. On SIGTERM or SIGINT a shutdown hook stops their owners
 * and removes them; what a SIGKILLed process left is recognised by the PID in its name.
 */
final class Leftovers {

  /** How long the owners of temporary paths get to remove them themselves when stopping. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  /** A PID's process started this much after a leftover was last written: it is not its owner. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

  private static final Object LOCK = new Object();
  private static final Map<Path, Thread> PATHS = new LinkedHashMap<>();
  private static boolean hooked;
  private static boolean stopping;

  private Leftovers() {}

  /**
   * This process's PID. Read from {@code /proc/self} where there is one: the first use of
   * {@link ProcessHandle} costs a start-up 10-20 ms, and every build needs the PID.
   */
  static long pid() {
    return Pid.VALUE;
  }

  private static final class Pid {
    static final long VALUE = read();

    private static long read() {
      try {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
      } catch (IOException | RuntimeException noProc) {
        return ProcessHandle.current().pid();
      }
    }
  }

  /** Something that creates a temporary path, run while no shutdown can start. */
  interface Creation<T> {
    T create() throws IOException;
  }

  /** Creates {@code path} (by {@code creation}) and remembers it until {@link #forget}. */
  static <T> T create(Path path, Creation<T> creation) throws IOException {
    synchronized (LOCK) {
      if (stopping) {
        throw new IOException("slim is stopping");
      }
      if (!hooked) {
        try {
          Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::stop, "slim-cleanup"));
        } catch (IllegalStateException shuttingDown) {
          stopping = true;
          throw new IOException("slim is stopping");
        }
        hooked = true;
      }
      T created = creation.create();
      PATHS.put(path, Thread.currentThread());
      return created;
    }
  }

  /** The path is gone (moved into place or deleted): nothing to clean up any more. */
  static void forget(Path path) {
    synchronized (LOCK) {
      PATHS.remove(path);
      LOCK.notifyAll();
    }
  }

  static boolean stopping() {
    synchronized (LOCK) {
      return stopping;
    }
  }

  /**
   * The shutdown hook: interrupts the threads that own temporary paths so that they unwind and
   * delete them, waits a little for that, and deletes whatever is left. Waiting first matters: a
   * thread still building could otherwise re-create a folder just deleted.
   */
  private static void stop() {
    synchronized (LOCK) {
      stopping = true;
      if (PATHS.isEmpty()) {
        return;
      }
      PATHS.values().stream().distinct().filter(t -> t != Thread.currentThread())
          .forEach(Thread::interrupt);
      long deadline = System.nanoTime() + GRACE.toNanos();
      while (!PATHS.isEmpty() && System.nanoTime() < deadline) {
        try {
          LOCK.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          break;
        }
      }
      for (Path path : List.copyOf(PATHS.keySet())) {
        deleteTree(path);
      }
      PATHS.clear();
    }
  }

  /**
   * Deletes the entries of {@code folder} whose names have the shape of {@code name} and whose
   * owner, the PID in the name, is gone: no such process, or one that started after the entry
   * was last written (the PID was reused, as in a container where slim is always PID 1). Only
   * entries of this user's are touched, and symbolic links never.
   */
  static void sweep(Path folder, LeftoverName name) {
    try (Stream<Path> entries = Files.list(folder)) {
      entries.forEach(entry -> {
        long pid = name.owner(entry.getFileName().toString());
        if (pid > 0 && ownerGone(entry, pid)) {
          deleteTree(entry);
        }
      });
    } catch (IOException | RuntimeException unreadable) {
      // a folder that cannot be listed has nothing of ours to clean
    }
  }

  private static boolean ownerGone(Path entry, long pid) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isSymbolicLink() || !ours(entry)) {
        return false;
      }
      return gone(pid, attributes.lastModifiedTime());
    } catch (IOException | RuntimeException unknown) {
      return false;
    }
  }

  private static boolean ours(Path entry) throws IOException {
    try {
      Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return me.equals(Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException noProc) {
      return Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS).getName()
          .equals(System.getProperty("user.name"));
    }
  }

  /** Whether process {@code pid} cannot be what last wrote something at {@code written}. */
  static boolean gone(long pid, FileTime written) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return started.isPresent()
        && written.toInstant().isBefore(started.get().minus(CLOCK_SLACK));
  }

  /** Deletes a file or a folder with everything in it; never follows a symbolic link. */
  static void deleteTree(Path path) {
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // what cannot be deleted stays; the next run tries again
        }
      });
    } catch (NoSuchFileException gone) {
      // nothing to delete
    } catch (IOException | RuntimeException ignored) {
      // as above
    }
  }
}
