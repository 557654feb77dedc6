package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which {@code slim.yaml} {@code slim build} reads: no FILE reads {@code ./slim.yaml}, a folder
 * reads {@code FOLDER/slim.yaml}, binaries read none. How the file and the options make one
 * request is {@link dev.slim.config.ConfigRequest}'s.
 */
final class BuildConfig {

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
      Path file = binaries.get(0).resolve(ConfigFile.NAME);
      if (!Files.isRegularFile(file)) {
        throw new SlimException(Reason.USAGE, binaries.get(0) + " is a folder without a "
            + ConfigFile.NAME + ": give the binary, or write one with 'slim init'");
      }
      return file;
    }
    return null;
  }
}
