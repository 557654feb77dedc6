package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.config.ConfigFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which {@code slim.yaml} {@code slim build} reads: no FILE reads {@code ./slim.yaml}, a folder
 * reads {@code FOLDER/slim.yaml}, binaries read none; several folders, or a tree
 * ({@code FOLDER/...}), read one each (one image per file). How a file and the options make one
 * request is {@link dev.slim.config.ConfigRequest}'s.
 */
final class BuildConfig {

  /** The tree form's suffix: {@code ./...} is every slim.yaml below the current folder. */
  static final String TREE = "...";

  /** Folders a tree walk never enters (besides hidden ones): build outputs and dependencies. */
  private static final Set<String> SKIPPED = Set.of("target", "node_modules");

  private BuildConfig() {}

  /** The slim.yaml the arguments point at, or null when they name binaries. */
  static Path find(List<Path> binaries) throws SlimException {
    if (binaries.isEmpty()) {
      Path file = Path.of(ConfigFile.NAME);
      if (!Files.isRegularFile(file)) {
        throw new SlimException(Reason.USAGE, "no FILE given and no " + ConfigFile.NAME
            + " in the current folder: give the binary, a folder with a " + ConfigFile.NAME
            + ", or write one with 'slim init'");
      }
      return file;
    }
    if (binaries.size() == 1 && Files.isDirectory(binaries.get(0))) {
      return inFolder(binaries.get(0));
    }
    return null;
  }

  /**
   * The slim.yaml of each folder, in the order given (a tree's sorted by path), when the
   * arguments are several folders or a tree; null when they are binaries, one folder or none.
   *
   * @throws SlimException USAGE for folders and binaries mixed, a folder without a slim.yaml, or
   *     a tree without any
   */
  static List<Path> many(List<Path> arguments) throws SlimException {
    List<Path> folders = new ArrayList<>();
    Path file = null;
    boolean tree = false;
    for (Path argument : arguments) {
      if (isTree(argument)) {
        tree = true;
        folders.add(argument);
      } else if (Files.isDirectory(argument)) {
        folders.add(argument);
      } else if (file == null) {
        file = argument;
      }
    }
    if (folders.isEmpty() || !tree && folders.size() == 1 && file == null) {
      return null;
    }
    if (file != null && !Files.exists(file)) {
      throw new SlimException(Reason.USAGE, "file not found: " + file);
    }
    if (file != null) {
      throw new SlimException(Reason.USAGE, folders.get(0) + " is a folder and " + file
          + " is not: give folders (each with a " + ConfigFile.NAME + ", one image each:"
          + " 'slim build svc/a svc/b' or 'slim build ./...'), or binaries (one image, one"
          + " binary per platform: 'slim build app-amd64 app-arm64'), not both");
    }
    Set<Path> configs = new LinkedHashSet<>();
    for (Path folder : folders) {
      if (isTree(folder)) {
        below(root(folder)).forEach(c -> configs.add(c.normalize()));
      } else {
        configs.add(inFolder(folder).normalize());
      }
    }
    return List.copyOf(configs);
  }

  private static boolean isTree(Path argument) {
    String text = argument.toString();
    return text.equals(TREE) || text.endsWith("/" + TREE);
  }

  private static Path root(Path tree) {
    String text = tree.toString();
    String root = text.substring(0, text.length() - TREE.length());
    return Path.of(root.isEmpty() ? "." : root);
  }

  private static Path inFolder(Path folder) throws SlimException {
    Path file = folder.resolve(ConfigFile.NAME);
    if (!Files.isRegularFile(file)) {
      throw new SlimException(Reason.USAGE, folder + " is a folder without a "
          + ConfigFile.NAME + ": give the binary, or write one with 'slim init'");
    }
    return file;
  }

  /** Every slim.yaml below {@code root}, sorted; hidden folders, target/, node_modules/ skipped. */
  private static List<Path> below(Path root) throws SlimException {
    if (!Files.isDirectory(root)) {
      throw new SlimException(Reason.USAGE, root + "/" + TREE + ": " + root
          + " is not a folder");
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name));
          return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && file.getFileName().toString().equals(ConfigFile.NAME)) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE, "cannot read the folders below " + root + ": "
          + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new SlimException(Reason.USAGE, "no " + ConfigFile.NAME + " below " + root
          + " (hidden folders, target/ and node_modules/ are not searched)");
    }
    found.sort(null);
    return found;
  }
}
