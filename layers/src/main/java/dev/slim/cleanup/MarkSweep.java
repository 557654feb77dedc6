package dev.slim.cleanup;

import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.oci.Descriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which manifests the verdicts delete (index children and referrers included), and which blobs
 * that frees: a blob counts only when no kept manifest of any scanned repository of the registry
 * references it, as the registry's own garbage collection decides. Manifests are blobs too.
 */
final class MarkSweep {

  /**
   * The outcome for one registry.
   *
   * @param freed per deletion, the reclaimable bytes it frees: each reclaimable blob counted at
   *     the first deletion (in order) that references it, so they add up to the reclaimable total
   */
  record Result(List<Deletion> deletions, Map<String, Long> reclaimable,
      Map<String, Long> tagsOnly, Map<String, Set<String>> reclaimableByRepository,
      Map<Deletion, Long> freed) {}

  private MarkSweep() {}

  static Result sweep(List<Scanner.RepoScan> scans,
      Map<String, Map<String, Verdicts.Verdict>> verdictsByRepo) {
    Map<String, Long> marked = new HashMap<>();
    Map<String, Long> candidates = new LinkedHashMap<>();
    Map<String, Set<String>> candidatesByRepo = new LinkedHashMap<>();
    List<Deletion> deletions = new ArrayList<>();
    for (Scanner.RepoScan scan : scans) {
      Map<String, Verdicts.Verdict> verdicts = verdictsByRepo.get(scan.repository());
      Map<String, List<String>> tagsOf = new LinkedHashMap<>();
      scan.tags().forEach((t, d) -> tagsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(t));
      Set<String> keptRoots = new LinkedHashSet<>();
      Set<String> deletedRoots = new LinkedHashSet<>();
      tagsOf.forEach((digest, tags) -> {
        boolean deleted = tags.stream().allMatch(t -> verdicts.get(t).deleted());
        (deleted ? deletedRoots : keptRoots).add(digest);
      });
      Set<String> kept = closure(scan, keptRoots);
      Set<String> deleted = closure(scan, deletedRoots);
      deleted.removeAll(kept);
      for (Scanner.Node node : scan.nodes().values()) {
        if (!deleted.contains(node.digest())) {
          mark(marked, node);
        }
      }
      Set<String> repoCandidates = new LinkedHashSet<>();
      List<Deletion> referrers = new ArrayList<>();
      List<Deletion> roots = new ArrayList<>();
      List<Deletion> children = new ArrayList<>();
      Set<String> referrerDigests = new HashSet<>();
      scan.referrers().values().forEach(referrerDigests::addAll);
      for (String digest : deleted) {
        Scanner.Node node = scan.nodes().get(digest);
        if (node == null) {
          continue;
        }
        candidates.put(node.digest(), node.size());
        repoCandidates.add(node.digest());
        for (Descriptor blob : node.blobs()) {
          candidates.put(blob.digest(), blob.size());
          repoCandidates.add(blob.digest());
        }
        List<String> tags = tagsOf.getOrDefault(digest, List.of());
        if (!tags.isEmpty()) {
          boolean attachment = tags.stream().allMatch(t -> !verdicts.get(t).kind().equals("image"));
          Deletion d = new Deletion(scan.registry(), scan.repository(), digest, tags,
              attachment ? "attachment" : node.isIndex() ? "index" : "image");
          (attachment ? referrers : roots).add(d);
        } else if (referrerDigests.contains(digest)) {
          referrers.add(new Deletion(scan.registry(), scan.repository(), digest, tags, "referrer"));
        } else {
          children.add(new Deletion(scan.registry(), scan.repository(), digest, tags, "child"));
        }
      }
      // Referrers and attachments first, then the children of deleted indexes (the deepest
      // first), then what users tagged: an --apply killed half-way leaves every manifest it did
      // not delete reachable from a tag, so the next run finds and deletes it.
      java.util.Collections.reverse(children);
      deletions.addAll(referrers);
      deletions.addAll(children);
      deletions.addAll(roots);
      candidatesByRepo.put(scan.repository(), repoCandidates);
    }
    Map<String, Long> reclaimable = new LinkedHashMap<>();
    Map<String, Long> tagsOnly = new LinkedHashMap<>();
    candidates.forEach((digest, size) ->
        (marked.containsKey(digest) ? tagsOnly : reclaimable).put(digest, size));
    Map<String, Set<String>> byRepo = new LinkedHashMap<>();
    candidatesByRepo.forEach((repo, digests) -> {
      Set<String> freed = new LinkedHashSet<>(digests);
      freed.retainAll(reclaimable.keySet());
      byRepo.put(repo, freed);
    });
    return new Result(deletions, reclaimable, tagsOnly, byRepo,
        freed(scans, deletions, reclaimable));
  }

  private static Map<Deletion, Long> freed(List<Scanner.RepoScan> scans,
      List<Deletion> deletions, Map<String, Long> reclaimable) {
    Map<String, Scanner.RepoScan> byRepo = new HashMap<>();
    scans.forEach(s -> byRepo.put(s.repository(), s));
    Set<String> counted = new HashSet<>();
    Map<Deletion, Long> out = new HashMap<>();
    for (Deletion d : deletions) {
      Scanner.Node node = byRepo.get(d.repository()).nodes().get(d.digest());
      long bytes = 0;
      List<String> digests = new ArrayList<>();
      digests.add(node.digest());
      node.blobs().forEach(b -> digests.add(b.digest()));
      for (String digest : digests) {
        Long size = reclaimable.get(digest);
        if (size != null && counted.add(digest)) {
          bytes = Bytes.add(bytes, size);
        }
      }
      out.put(d, bytes);
    }
    return out;
  }

  private static void mark(Map<String, Long> marked, Scanner.Node node) {
    marked.put(node.digest(), node.size());
    for (Descriptor blob : node.blobs()) {
      marked.put(blob.digest(), blob.size());
    }
  }

  /** The manifests reachable from these: index children and referrers, recursively. */
  static Set<String> closure(Scanner.RepoScan scan, Set<String> roots) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String digest = todo.pop();
      if (!seen.add(digest)) {
        continue;
      }
      Scanner.Node node = scan.nodes().get(digest);
      if (node != null) {
        todo.addAll(node.children());
      }
      todo.addAll(scan.referrers().getOrDefault(digest, List.of()));
    }
    return seen;
  }

  /** Every blob (manifests included) a manifest reaches, with its size. */
  static Map<String, Long> reach(Scanner.RepoScan scan, String digest) {
    Map<String, Long> blobs = new LinkedHashMap<>();
    for (String d : closureWithoutReferrers(scan, digest)) {
      Scanner.Node node = scan.nodes().get(d);
      if (node != null) {
        blobs.put(node.digest(), node.size());
        node.blobs().forEach(b -> blobs.put(b.digest(), b.size()));
      }
    }
    return blobs;
  }

  private static Set<String> closureWithoutReferrers(Scanner.RepoScan scan, String root) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String digest = todo.pop();
      if (seen.add(digest)) {
        Scanner.Node node = scan.nodes().get(digest);
        if (node != null) {
          todo.addAll(node.children());
        }
      }
    }
    return seen;
  }
}
