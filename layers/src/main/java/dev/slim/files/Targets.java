package dev.slim.files;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile.Way;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Decides how an output path is written, and refuses the ones that cannot be. */
final class Targets {

  /** As Linux: more links than this in one chain is a loop. */
  private static final int MAX_LINKS = 40;

  private Targets() {}

  static OutputFile resolve(String option, Path path) throws SlimException {
    if (path.toString().isEmpty()) {
      throw usage(option + " needs a file path, not ''");
    }
    if (OutputFile.meansStdout(path)) {
      return new OutputFile(option, path, Way.STDOUT, path);
    }
    String named = option + " " + path;
    Path current = path;
    for (int links = 0; ; links++) {
      if (isDescriptor(current)) {
        return through(named, new OutputFile(option, path, Way.THROUGH, path));
      }
      if (!Files.isSymbolicLink(current)) {
        break;
      }
      if (links == MAX_LINKS) {
        throw usage(named + ": too many levels of symbolic links");
      }
      try {
        Path parent = current.toAbsolutePath().getParent();
        current = parent.resolve(Files.readSymbolicLink(current));
      } catch (IOException e) {
        throw usage(named + ": " + reason(e));
      }
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(current, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException absent) { // missing, or under a file: see newFile
      return newFile(named, new OutputFile(option, path, Way.REPLACE, current));
    } catch (IOException e) {
      throw usage(named + ": " + reason(e));
    }
    if (attributes.isDirectory()) {
      throw usage(named + ": is a folder; give a file path");
    }
    OutputFile output = new OutputFile(option, path,
        attributes.isOther() ? Way.THROUGH : Way.REPLACE, current);
    if (output.way() == Way.THROUGH) {
      return through(named, output);
    }
    Path folder = folderOf(current);
    if (!Files.isWritable(folder)) {
      throw usage(named + ": cannot write in " + folder + " (permission denied)");
    }
    sweep(folder, current);
    return output;
  }

  /** Whether the path, or the end of its chain of links, is this process's fd 1. */
  static boolean isStdout(Path path) {
    Path current = path;
    for (int links = 0; links <= MAX_LINKS; links++) {
      String absolute = current.toAbsolutePath().normalize().toString();
      if (absolute.equals("/dev/stdout") || absolute.equals("/dev/fd/1")
          || absolute.equals("/proc/self/fd/1")
          || absolute.equals("/proc/" + Leftovers.pid() + "/fd/1")) {
        return true;
      }
      if (absolute.startsWith("/proc/") || !Files.isSymbolicLink(current)) {
        return false;
      }
      try {
        current = current.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(current));
      } catch (IOException | RuntimeException unreadable) {
        return false;
      }
    }
    return false;
  }

  /** {@code /dev/fd/N}, {@code /proc/…/fd/N}, {@code /dev/stderr}: never renamed over. */
  private static boolean isDescriptor(Path path) {
    String absolute = path.toAbsolutePath().normalize().toString();
    return absolute.startsWith("/dev/fd/") || absolute.startsWith("/proc/")
        || absolute.equals("/dev/stderr") || absolute.equals("/dev/stdout");
  }

  private static OutputFile through(String named, OutputFile output) throws SlimException {
    if (!Files.isWritable(output.target())) {
      throw usage(named + ": not writable");
    }
    return output;
  }

  /** A new file: the nearest folder that exists must be a folder slim may write in. */
  private static OutputFile newFile(String named, OutputFile output) throws SlimException {
    Path folder = folderOf(output.target());
    while (!Files.exists(folder) && !folder.toString().equals(".")) {
      folder = folderOf(folder);
    }
    if (!Files.isDirectory(folder)) {
      throw usage(named + ": " + folder + " is not a folder");
    }
    if (!Files.isWritable(folder)) {
      throw usage(named + ": cannot write in " + folder + " (permission denied)");
    }
    if (folder.equals(folderOf(output.target()))) {
      sweep(folder, output.target());
    }
    return output;
  }

  private static Path folderOf(Path file) {
    Path parent = file.getParent();
    return parent != null ? parent : Path.of(".");
  }

  /** Removes partial files of this output that a killed slim left. */
  private static void sweep(Path folder, Path target) {
    Leftovers.sweep(folder, OutputFile.partials(target.getFileName().toString()));
  }

  /** The part of an I/O failure a user reads: "Permission denied", not a class name. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static SlimException usage(String message) {
    return new SlimException(Reason.USAGE, message);
  }
}
