package dev.slim.deploy;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pins the images slim built to their pushed digests in Kubernetes manifests, GitOps style: the
 * {@code image} of every container, init container and ephemeral container, and kustomization
 * {@code images:} entries. Only the characters of the changed values move; comments, key order,
 * quoting and layout of the rest stay byte for byte. A second run changes nothing. Every file is
 * read and checked before the first is written; each is replaced atomically, keeping its mode.
 */
public final class Pinning {

  private Pinning() {}

  /**
   * The digests of the lines {@code REF@sha256:…} (what {@code slim build} prints and writes with
   * {@code --digest-file}; one line per tag), by repository. {@code source} names them in errors.
   */
  public static Map<String, String> digests(List<String> lines, String source)
      throws SlimException {
    Map<String, String> digests = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Optional<ImageRef> ref = ImageRef.parse(line);
      if (ref.isEmpty() || ref.get().digest() == null
          || !ImageRef.DIGEST.matcher(ref.get().digest()).matches()) {
        throw new SlimException(Reason.USAGE, source + ":" + (i + 1) + ": not an image"
            + " reference with a sha256 digest (REGISTRY/REPOSITORY[:TAG]@sha256:…): " + line);
      }
      String was = digests.putIfAbsent(ref.get().repository(), ref.get().digest());
      if (was != null && !was.equals(ref.get().digest())) {
        throw new SlimException(Reason.USAGE, source + ":" + (i + 1) + ": "
            + ref.get().repository() + " has two digests, " + was + " and "
            + ref.get().digest() + "; which one to pin is unclear");
      }
    }
    if (digests.isEmpty()) {
      throw new SlimException(Reason.USAGE, source + ": no image reference in it");
    }
    return digests;
  }

  /** {@link #digests} of a digest file. */
  public static Map<String, String> readDigestFile(Path file) throws SlimException, IOException {
    if (Files.isRegularFile(file) && Files.size(file) > 1 << 20) {
      throw new SlimException(Reason.USAGE, file + ": larger than 1 MiB; not a digest file");
    }
    return digests(List.of(text(file).split("\n", -1)), file.toString());
  }

  /** The manifest files the paths name; a usage error for a path that names none. */
  public static List<Path> files(List<Path> paths) throws SlimException, IOException {
    return ManifestFiles.find(paths);
  }

  public static PinResult pin(PinRequest request) throws SlimException, IOException {
    List<Path> files = ManifestFiles.find(request.paths());
    Set<String> found = new LinkedHashSet<>();
    List<PinResult.Change> changes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    StringBuilder diff = new StringBuilder();
    for (Path file : files) {
      String before = text(file);
      Edits edits = edits(file.toString(), before, isKustomization(file), request.digests());
      found.addAll(edits.found);
      if (edits.splices.isEmpty()) {
        continue;
      }
      String after = Splice.apply(before, edits.splices);
      if (!edits(file.toString(), after, isKustomization(file), request.digests())
          .splices.isEmpty()) {
        throw new IllegalStateException(file + ": pinning twice changes it twice");
      }
      changes.add(new PinResult.Change(file, edits.fields));
      texts.add(after);
      if (request.dryRun()) {
        diff.append(UnifiedDiff.of(file.toString(), before, after));
      }
    }
    if (!request.dryRun()) {
      List<OutputFile> outputs = new ArrayList<>();
      for (PinResult.Change change : changes) {
        outputs.add(OutputFile.of("manifest", change.path()));
      }
      for (int i = 0; i < outputs.size(); i++) {
        outputs.get(i).write(texts.get(i));
      }
    }
    List<String> notFound = request.digests().keySet().stream()
        .filter(r -> !found.contains(r)).sorted().toList();
    return new PinResult(changes, files.size(), notFound, diff.toString());
  }

  private static Edits edits(String name, String text, boolean kustomization,
      Map<String, String> digests) throws SlimException {
    YamlText yaml = YamlText.parse(name, text);
    Edits edits = new Edits();
    Containers.pin(yaml, digests, edits);
    Kustomizations.pin(yaml, kustomization, digests, edits);
    return edits;
  }

  private static boolean isKustomization(Path file) {
    return Kustomizations.FILE_NAMES.contains(file.getFileName().toString());
  }

  private static String text(Path file) throws SlimException, IOException {
    if (Files.size(file) > YamlText.MAX_CODE_POINTS) {
      throw new SlimException(Reason.USAGE, file + ": larger than "
          + (YamlText.MAX_CODE_POINTS >> 20) + " MiB; slim pin reads manifests up to that");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SlimException(Reason.USAGE, file + ": not UTF-8 text");
    }
  }
}
