package dev.slim.cleanup;

import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.TagRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's rows of one registry: a tag row per tag, a repository row per repository. What
 * it holds across repositories is one count per blob (how many images reach it, to tell shared
 * bytes from unique ones); what it works out per image (sizes, platforms, creation time) it
 * keeps only while it writes that repository's rows, so memory grows with distinct blobs, not
 * with tags times blobs.
 */
final class Rows {

  /** One image's figures, shared by every tag on it. */
  private record Image(long size, long shared, List<String> platforms, Instant created,
      String mediaType) {}

  /** Blob digest to the number of (repository, tagged digest) pairs that reach it. */
  private final Map<String, Integer> users;

  private Rows(Map<String, Integer> users) {
    this.users = users;
  }

  static Rows of(List<Scanner.RepoScan> scans) {
    Map<String, Integer> users = new HashMap<>();
    for (Scanner.RepoScan scan : scans) {
      for (String digest : new LinkedHashSet<>(scan.tags().values())) {
        for (String blob : MarkSweep.reach(scan, digest).keySet()) {
          users.merge(blob, 1, Integer::sum);
        }
      }
    }
    return new Rows(users);
  }

  /**
   * Adds the tag rows of {@code scan} to {@code tags} and its blobs to {@code stored}; returns its
   * repository row.
   */
  RepositoryRow add(Scanner.RepoScan scan, Map<String, Verdicts.Verdict> verdicts,
      long reclaimable, List<TagRow> tags, Map<String, Long> stored) {
    Map<String, Long> repoStored = new LinkedHashMap<>();
    for (Scanner.Node node : scan.nodes().values()) {
      repoStored.put(node.digest(), node.size());
      node.blobs().forEach(b -> repoStored.put(b.digest(), b.size()));
    }
    Map<String, Image> images = new HashMap<>();
    long logical = 0;
    int deleteTags = 0;
    for (Map.Entry<String, String> e : scan.tags().entrySet()) {
      Image image = images.computeIfAbsent(e.getValue(), d -> image(scan, d));
      Verdicts.Verdict verdict = verdicts.get(e.getKey());
      tags.add(new TagRow(scan.registry(), scan.repository(), e.getKey(), e.getValue(),
          image.mediaType(), image.platforms(), image.created(), image.size(), image.shared(),
          image.size() - image.shared(), verdict.kind(), verdict.verdict(), verdict.reason()));
      logical = Bytes.add(logical, image.size());
      if (verdict.deleted()) {
        deleteTags++;
      }
    }
    stored.putAll(repoStored);
    return new RepositoryRow(scan.registry(), scan.repository(), scan.tags().size(),
        images.size(), logical, Bytes.sum(repoStored), reclaimable, deleteTags);
  }

  private Image image(Scanner.RepoScan scan, String digest) {
    Map<String, Long> blobs = MarkSweep.reach(scan, digest);
    long size = Bytes.sum(blobs);
    long shared = 0;
    for (Map.Entry<String, Long> b : blobs.entrySet()) {
      if (users.getOrDefault(b.getKey(), 0) > 1) {
        shared = Bytes.add(shared, b.getValue());
      }
    }
    Scanner.Node node = scan.nodes().get(digest);
    return new Image(size, shared, platforms(scan, digest), Verdicts.created(scan, digest),
        node == null ? null : node.mediaType());
  }

  private static List<String> platforms(Scanner.RepoScan scan, String digest) {
    Set<String> out = new LinkedHashSet<>();
    Scanner.Node node = scan.nodes().get(digest);
    if (node == null) {
      return List.of();
    }
    if (node.config() != null && node.config().platform() != null) {
      out.add(node.config().platform());
    }
    for (String child : node.children()) {
      Scanner.Node c = scan.nodes().get(child);
      if (c != null && c.config() != null && c.config().platform() != null) {
        out.add(c.config().platform());
      }
    }
    return List.copyOf(out);
  }
}
