package dev.slim.cleanup;

import dev.slim.SlimException;
import dev.slim.cleanup.CleanupReport.Skipped;
import dev.slim.oci.Descriptor;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a report leaves out rather than aborting or guessing: a repository or tag whose name slim
 * does not accept, a tag whose manifest cannot be read, a manifest whose declared sizes cannot be
 * true. A repository with a skipped tag keeps every tag: deleting a manifest removes every tag on
 * it, and where an unread tag points is not known.
 */
final class Skips {

  /** Larger than any blob a registry stores; a declared size above it is not believed. */
  static final long MAX_BLOB_BYTES = 1L << 50;

  /** Repositories read from one catalog at most. */
  static final int MAX_REPOSITORIES = 10_000;

  /** A tag's manifest, or why it could not be read. */
  record Read(Manifest manifest, String failure) {}

  private Skips() {}

  /** A scan of a repository that was not read at all. */
  static Scanner.RepoScan repository(String registry, String repository, String reason) {
    return new Scanner.RepoScan(registry, repository, Map.of(), Map.of(), Map.of(), Set.of(),
        List.of(new Skipped(registry, repository, null, reason)));
  }

  /** The repositories of the catalog whose names slim accepts; the others go to {@code skipped}. */
  static List<String> catalog(RegistryClient client, List<Skipped> skipped)
      throws RegistryException, SlimException {
    String registry = client.registry();
    List<String> listed = client.catalog(Scanner.PAGE, MAX_REPOSITORIES);
    if (listed.size() > MAX_REPOSITORIES) {
      throw new SlimException(SlimException.Reason.REGISTRY, "registry " + registry + " lists"
          + " more than " + MAX_REPOSITORIES + " repositories: slim report reads at most "
          + MAX_REPOSITORIES + " from a catalog; name the ones to read as " + registry
          + "/REPOSITORY");
    }
    List<String> repositories = new ArrayList<>();
    for (String repository : listed) {
      String invalid = invalidRepository(registry, repository);
      if (invalid == null) {
        repositories.add(repository);
      } else {
        skipped.add(new Skipped(registry, clip(repository), null, invalid));
      }
    }
    return repositories;
  }

  /** Adds what {@code scan} skipped to {@code skipped}; whether the whole repository was. */
  static boolean collect(Scanner.RepoScan scan, List<Skipped> skipped) {
    skipped.addAll(scan.skipped());
    return scan.skipped().stream().anyMatch(s -> s.tag() == null);
  }

  /** How many of {@code skipped} are whole repositories; the rest are tags. */
  static int repositories(List<Skipped> skipped) {
    return (int) skipped.stream().filter(s -> s.tag() == null).count();
  }

  /** What skipping means for the prediction, when something was skipped. */
  static void note(List<Skipped> skipped, List<String> notes) {
    if (skipped.isEmpty()) {
      return;
    }
    long repositories = skipped.stream().filter(s -> s.tag() == null).count();
    long tags = skipped.size() - repositories;
    notes.add(repositories + (repositories == 1 ? " repository" : " repositories") + " and "
        + tags + (tags == 1 ? " tag" : " tags") + " skipped (see skipped): a repository with a skipped tag keeps every tag, and a"
        + " blob that something skipped also uses stays after garbage collection, so fewer"
        + " bytes may be freed than reclaimable says");
  }

  /** Why slim cannot use this tag name, or null. */
  static String invalidTag(String registry, String repository, String tag) {
    try {
      new ImageRef(registry, repository, tag, null);
      return null;
    } catch (IllegalArgumentException e) {
      return "invalid tag name: " + clip(e.getMessage());
    }
  }

  /** Why slim cannot use this repository name, or null. */
  static String invalidRepository(String registry, String repository) {
    try {
      new ImageRef(registry, repository, "latest", null);
      return null;
    } catch (IllegalArgumentException e) {
      return "invalid repository name: " + clip(e.getMessage());
    }
  }

  /** The manifest of a listed tag; a missing or unreadable one is a failure, not an absence. */
  static Read read(RegistryClient client, String repository, String tag)
      throws RegistryException {
    try {
      Optional<Manifest> found = client.getManifest(repository, tag);
      return found.map(m -> new Read(m, null)).orElseGet(() -> new Read(null, "manifest read"
          + " failed: the registry lists the tag but has no manifest for it (404 Not Found)"));
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.PROTOCOL
          || e.kind() == RegistryException.Kind.NOT_FOUND) {
        return new Read(null, "manifest read failed: " + e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Takes out of {@code manifests} and {@code tags} every manifest that declares a blob size no
   * registry could hold, and every index that reaches one; their tags go to {@code skipped}.
   */
  static void implausible(String registry, String repository, Map<String, Manifest> manifests,
      Map<String, String> tags, List<Skipped> skipped) {
    Map<String, String> bad = new LinkedHashMap<>();
    for (Manifest m : manifests.values()) {
      List<Descriptor> blobs = new ArrayList<>(m.layers());
      if (m.config() != null) {
        blobs.add(m.config());
      }
      for (Descriptor b : blobs) {
        if (b.size() < 0 || b.size() > MAX_BLOB_BYTES) {
          bad.put(m.digest(), "manifest " + m.digest() + " declares blob " + b.digest()
              + " with a size of " + b.size() + " bytes, which is not plausible (0 to 1 PiB):"
              + " not counted");
          break;
        }
      }
    }
    for (boolean more = !bad.isEmpty(); more; ) {
      more = false;
      for (Manifest m : manifests.values()) {
        for (Manifest.Child child : m.children()) {
          if (!bad.containsKey(m.digest()) && bad.containsKey(child.digest())) {
            bad.put(m.digest(), bad.get(child.digest()));
            more = true;
          }
        }
      }
    }
    manifests.keySet().removeAll(bad.keySet());
    tags.entrySet().removeIf(e -> {
      String why = bad.get(e.getValue());
      if (why != null) {
        skipped.add(new Skipped(registry, repository, e.getKey(), why));
      }
      return why != null;
    });
  }

  /** The verdicts of a repository with a skipped tag: nothing in it is deleted. */
  static Map<String, Verdicts.Verdict> hold(Scanner.RepoScan scan,
      Map<String, Verdicts.Verdict> verdicts) {
    long unread = scan.skipped().stream().filter(s -> s.tag() != null).count();
    if (unread == 0) {
      return verdicts;
    }
    String reason = "kept: " + unread + (unread == 1 ? " tag" : " tags") + " of this repository"
        + " could not be read (see skipped), so nothing in it is deleted";
    Map<String, Verdicts.Verdict> held = new LinkedHashMap<>();
    verdicts.forEach((tag, v) -> held.put(tag,
        v.deleted() ? new Verdicts.Verdict(Verdicts.KEEP, reason, v.kind(), v.unranked()) : v));
    return held;
  }

  /** A name from the registry, shortened for a message. */
  static String clip(String text) {
    return text.length() <= 160 ? text : text.substring(0, 157) + "...";
  }
}
