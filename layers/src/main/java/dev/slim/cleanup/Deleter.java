package dev.slim.cleanup;

import dev.slim.cleanup.CleanupReport.Applied;
import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --apply}: deletes the marked manifests on the pool (as many at once as {@code --jobs}),
 * each tag re-checked first, in three waves: attachments and referrers, then the children of
 * deleted indexes, then the tagged images and indexes. A wave ends before the next starts, so a
 * run killed at any point leaves every manifest it did not delete reachable from a tag, and
 * running again finishes the job. A manifest already gone (404) counts as deleted.
 */
final class Deleter {

  private Deleter() {}

  /**
   * @param freed reclaimable bytes per deletion, for the journal
   * @param done called after each deletion with the number done so far
   */
  static Applied apply(List<Deletion> deletions, Map<Deletion, Long> freed,
      Map<String, RegistryClient> clients, ExecutorService pool, Journal journal,
      java.util.function.IntConsumer done) throws RegistryException {
    // Which tags moved since the report: their manifests stay, and so do the untagged children
    // and referrers of that repository (they may be what the moved tag's image uses now).
    List<Deletion> tagged = deletions.stream().filter(d -> !d.tags().isEmpty()).toList();
    List<String> moved = Scanner.parallel(pool, tagged, d -> moved(clients.get(d.registry()), d));
    List<String> skipped = new ArrayList<>();
    Set<Deletion> skip = new HashSet<>();
    Set<String> movedRepos = new HashSet<>();
    for (int i = 0; i < tagged.size(); i++) {
      if (moved.get(i) != null) {
        Deletion d = tagged.get(i);
        skip.add(d);
        movedRepos.add(d.registry() + "/" + d.repository());
        skipped.add(name(d) + ": tag " + moved.get(i));
      }
    }
    for (Deletion d : deletions) {
      if (d.tags().isEmpty() && movedRepos.contains(d.registry() + "/" + d.repository())) {
        skip.add(d);
        skipped.add(name(d) + ": kept, a tag of " + d.repository() + " moved since the report");
      }
    }
    List<List<Deletion>> waves = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Deletion d : deletions) {
      if (!skip.contains(d)) {
        int wave = d.kind().equals("attachment") || d.kind().equals("referrer") ? 0
            : d.kind().equals("child") ? 1 : 2;
        waves.get(wave).add(d);
      }
    }
    List<String> deleted = new ArrayList<>();
    AtomicInteger count = new AtomicInteger();
    for (List<Deletion> wave : waves) {
      List<String> results = Scanner.parallel(pool, wave, d -> {
        String result = delete(clients.get(d.registry()), d);
        journal.deleted(Instant.now(), d, freed.getOrDefault(d, 0L), result);
        done.accept(count.incrementAndGet());
        return result;
      });
      for (int i = 0; i < wave.size(); i++) {
        if (results.get(i).equals("deleted")) {
          deleted.add(name(wave.get(i)));
        } else {
          skipped.add(name(wave.get(i)) + ": already gone (deleted before, nothing to do)");
        }
      }
    }
    return new Applied(true, deleted, skipped);
  }

  /** Why a tag of {@code d} no longer points to it, or {@code null} when every one still does. */
  private static String moved(RegistryClient client, Deletion d) throws RegistryException {
    for (String tag : d.tags()) {
      Optional<Manifest> now = client.getManifest(d.repository(), tag);
      if (now.isEmpty() || !now.get().digest().equals(d.digest())) {
        return tag + (now.isEmpty() ? " is gone" : " now points to " + now.get().digest());
      }
    }
    return null;
  }

  private static String delete(RegistryClient client, Deletion d) throws RegistryException {
    try {
      client.deleteManifest(d.repository(), d.digest());
      return "deleted";
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        return "already gone";
      }
      throw e;
    }
  }

  private static String name(Deletion d) {
    return d.repository() + "@" + d.digest();
  }
}
