package dev.slim.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Archives made by GNU tar, the most common writer of the tars slim reads and did not write. */
public final class GnuTar {

  private GnuTar() {}

  /**
   * Writes {@code files} (path to content) under {@code dir/tree} and archives them in
   * {@code format} ({@code gnu}, {@code pax}, {@code ustar}) with fixed owner and time.
   */
  public static Path archive(Path dir, String format, Map<String, String> files, String... extra)
      throws IOException, InterruptedException {
    Path tree = Files.createDirectories(dir.resolve("tree-" + format));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = tree.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    Path out = dir.resolve(format + ".tar");
    tar(tree, out, format, files.keySet().stream().sorted().toList(), extra);
    return out;
  }

  /** Archives {@code names} (relative to {@code tree}) into {@code out} in {@code format}. */
  public static void tar(Path tree, Path out, String format, List<String> names, String... extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tar", "--format=" + format, "--sort=name",
        "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner"));
    if (format.equals("pax")) {
      // GNU tar names pax headers after its process id and records access times: both vary
      command.add("--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime");
    }
    command.addAll(List.of(extra));
    command.addAll(List.of("-cf", out.toString(), "-C", tree.toString()));
    command.addAll(names);
    Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      throw new IOException("tar failed: " + output);
    }
  }
}
