package dev.slim.deploy;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files that the paths name: a file as it is; a folder's {@code *.yaml}, {@code *.yml} and
 * {@code Kustomization} files below it (hidden folders such as {@code .git} left out, links to
 * folders not followed), sorted. A file reached twice is read once.
 */
final class ManifestFiles {

  private ManifestFiles() {}

  static List<Path> find(List<Path> paths) throws SlimException, IOException {
    if (paths.isEmpty()) {
      throw new SlimException(Reason.USAGE, "no manifest file or folder given");
    }
    List<Path> files = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        // walked from its real path, so that a link to a folder given by name is followed
        Path real = path.toRealPath();
        List<Path> found;
        try (Stream<Path> walk = Files.walk(real)) {
          found = walk.filter(p -> !hidden(real, p) && manifest(p))
              .map(p -> path.resolve(real.relativize(p).toString())).sorted().toList();
        } catch (UncheckedIOException e) {
          throw new SlimException(Reason.USAGE, path + ": cannot read the folder: "
              + e.getCause().getMessage());
        }
        if (found.isEmpty()) {
          throw new SlimException(Reason.USAGE, path + ": no *.yaml, *.yml or Kustomization"
              + " file in this folder");
        }
        for (Path file : found) {
          add(files, seen, file);
        }
      } else if (Files.isRegularFile(path)) {
        add(files, seen, path);
      } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
        throw new SlimException(Reason.USAGE, path + ": a symbolic link to nothing");
      } else if (Files.exists(path)) {
        throw new SlimException(Reason.USAGE, path + ": neither a file nor a folder");
      } else {
        throw new SlimException(Reason.USAGE, path + ": no such file or folder");
      }
    }
    return files;
  }

  private static void add(List<Path> files, Set<Path> seen, Path file) throws IOException {
    if (seen.add(file.toRealPath())) {
      files.add(file);
    }
  }

  private static boolean manifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && !name.startsWith(".")
        && (name.endsWith(".yaml") || name.endsWith(".yml")
            || Kustomizations.FILE_NAMES.contains(name));
  }

  /** Whether a folder between {@code root} and {@code file} is hidden. */
  private static boolean hidden(Path root, Path file) {
    Path relative = root.relativize(file);
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
