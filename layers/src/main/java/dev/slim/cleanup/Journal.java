package dev.slim.cleanup;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.oci.JsonWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --journal FILE}: one JSON line per deletion, appended to the file and handed to the
 * operating system as soon as the registry answered (no buffer), so a killed {@code --apply}
 * leaves a line for every deletion it saw done (not for the at most {@code --jobs} under way). Keys sorted: {@code bytes} (reclaimable bytes this deletion frees after
 * garbage collection), {@code digest}, {@code registry}, {@code repository}, {@code result}
 * ({@code deleted}, or {@code already gone} for a 404), {@code tags}, {@code time}. Thread-safe.
 */
final class Journal implements AutoCloseable {

  private final Path file;
  private final FileOutputStream out;

  private Journal(Path file, FileOutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Opens {@code file} to append to, creating it; {@code null} gives a journal that drops lines. */
  static Journal open(Path file) throws SlimException {
    if (file == null) {
      return new Journal(null, null);
    }
    try {
      return new Journal(file, new FileOutputStream(file.toFile(), true));
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE, "--journal " + file + ": cannot append to it ("
          + e.getMessage() + ")", e);
    }
  }

  /**
   * Appends one line.
   *
   * @throws java.io.UncheckedIOException when the file cannot be written (then deleting stops)
   */
  synchronized void deleted(Instant time, CleanupReport.Deletion d, long bytes, String result) {
    if (out == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", time.toString());
    line.put("registry", d.registry());
    line.put("repository", d.repository());
    line.put("digest", d.digest());
    line.put("tags", List.copyOf(d.tags()));
    line.put("bytes", bytes);
    line.put("result", result);
    byte[] json = JsonWriter.canonical(line);
    byte[] text = new byte[json.length + 1];
    System.arraycopy(json, 0, text, 0, json.length);
    text[json.length] = '\n';
    try {
      out.write(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // every line was written as it happened
      }
    }
  }

  /** The error for a line that could not be written. */
  SlimException failed(java.io.UncheckedIOException e) {
    return new SlimException(Reason.USAGE, "--journal " + file + ": cannot write ("
        + e.getCause().getMessage() + "); deleting stopped, run again to finish", e);
  }
}
