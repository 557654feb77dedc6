package dev.slim.cleanup;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.cleanup.CleanupReport.Applied;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * {@code slim report}: what registries store, what a retention policy would delete and how many
 * bytes that really frees; with {@code apply}, deletes it. The one public entry point of this
 * package.
 */
public final class Cleanup {

  /** Distribution's command; Debian installs the registry as {@code docker-registry}. */
  static final String GC_COMMAND = "registry garbage-collect /etc/docker/registry/config.yml"
      + "  (Debian: docker-registry garbage-collect /etc/docker/registry/config.yml;"
      + " stop the registry or make it read-only first)";

  private static final Pattern REGISTRY = Pattern.compile(
      "(?:[a-zA-Z0-9.-]+|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

  private Cleanup() {}

  /**
   * Reads every target, applies the policy, and predicts the bytes freed. With {@code
   * request.apply()}, asks {@code confirmation} and then deletes the marked manifests, each tag
   * re-checked first.
   *
   * @throws SlimException {@link Reason#USAGE} for a malformed target, {@link Reason#REGISTRY}
   *     when a registry fails or does not allow what {@code --apply} needs
   */
  public static CleanupReport report(CleanupRequest request, Confirmation confirmation)
      throws SlimException {
    Map<String, List<String>> targets = targets(request.targets());
    Map<String, RegistryClient> clients = new LinkedHashMap<>();
    Sessions sessions = Sessions.forAll(new RegistryAccess(request.username(), request.password(),
        request.insecureRegistries(), request.environment()), "slim-report");
    ExecutorService pool = Executors.newFixedThreadPool(request.concurrency(), r -> {
      Thread t = new Thread(r, "slim-report");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Capabilities> capabilities = new ArrayList<>();
      List<RepositoryRow> repositories = new ArrayList<>();
      List<TagRow> tags = new ArrayList<>();
      List<Deletion> deletions = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      List<CleanupReport.Skipped> skipped = new ArrayList<>();
      List<Slimmable> slimmable = request.deep() ? new ArrayList<>() : null;
      Map<String, Long> stored = new LinkedHashMap<>();
      Map<Verdicts.Unranked, Integer> unranked = new EnumMap<>(Verdicts.Unranked.class);
      long logical = 0;
      long reclaimable = 0;
      long tagsOnly = 0;
      int images = 0;
      for (Map.Entry<String, List<String>> target : targets.entrySet()) {
        String registry = target.getKey();
        RegistryClient client = client(sessions, registry);
        clients.put(registry, client);
        Boolean catalog = client.catalogAllowed();
        List<String> repos = target.getValue();
        if (repos.isEmpty()) {
          if (!catalog) {
            throw new SlimException(Reason.REGISTRY, "registry " + registry + " does not list"
                + " its repositories (GET /v2/_catalog refused): name them as " + registry
                + "/REPOSITORY");
          }
          repos = Skips.catalog(client, skipped);
        }
        Boolean delete = null;
        Boolean referrers = null;
        if (!repos.isEmpty()) {
          delete = client.deleteEnabled(repos.get(0));
          referrers = client.referrers(repos.get(0), "sha256:" + "0".repeat(64)).isPresent();
        }
        capabilities.add(new Capabilities(registry, catalog, delete, referrers));
        if (Boolean.FALSE.equals(referrers)) {
          notes.add("registry " + registry + " has no referrers API: attachments are found"
              + " through their sha256-<hex>.sig/.att/.sbom tags only");
        }
        if (request.apply() && Boolean.FALSE.equals(delete)) {
          throw new SlimException(Reason.REGISTRY, "registry " + registry + " does not allow"
              + " deleting manifests (405): set storage.delete.enabled: true in its"
              + " configuration, or run without --apply");
        }
        Scanner scanner = new Scanner(client, pool, Boolean.TRUE.equals(referrers));
        List<Scanner.RepoScan> scans = new ArrayList<>();
        Map<String, Map<String, Verdicts.Verdict>> verdicts = new HashMap<>();
        for (String repo : repos) {
          Scanner.RepoScan scan = scanner.scan(repo, request.maxTags());
          if (Skips.collect(scan, skipped)) {
            continue;
          }
          scans.add(scan);
          Map<String, Verdicts.Verdict> v = Verdicts.evaluate(scan, request.policy(),
              request.now());
          verdicts.put(repo, Skips.hold(scan, v));
          v.values().stream().filter(x -> x.unranked() != null)
              .forEach(x -> unranked.merge(x.unranked(), 1, Integer::sum));
        }
        MarkSweep.Result sweep = MarkSweep.sweep(scans, verdicts);
        if (slimmable != null) {
          slimmable.addAll(deep(client, scanner, scans));
        }
        deletions.addAll(sweep.deletions());
        reclaimable = Bytes.add(reclaimable, Bytes.sum(sweep.reclaimable()));
        tagsOnly = Bytes.add(tagsOnly, Bytes.sum(sweep.tagsOnly()));
        // Who uses each blob: (repository, tagged digest) pairs, for shared vs unique bytes.
        Map<String, Set<String>> users = new HashMap<>();
        Map<String, Map<String, Long>> reached = new HashMap<>();
        for (Scanner.RepoScan scan : scans) {
          for (String digest : new LinkedHashSet<>(scan.tags().values())) {
            Map<String, Long> blobs = MarkSweep.reach(scan, digest);
            reached.put(scan.repository() + "@" + digest, blobs);
            blobs.keySet().forEach(b -> users.computeIfAbsent(b, k -> new LinkedHashSet<>())
                .add(scan.repository() + "@" + digest));
          }
        }
        for (Scanner.RepoScan scan : scans) {
          Map<String, Verdicts.Verdict> v = verdicts.get(scan.repository());
          long repoLogical = 0;
          int deleteTags = 0;
          Map<String, Long> repoStored = new LinkedHashMap<>();
          for (Scanner.Node node : scan.nodes().values()) {
            repoStored.put(node.digest(), node.size());
            node.blobs().forEach(b -> repoStored.put(b.digest(), b.size()));
          }
          for (Map.Entry<String, String> e : scan.tags().entrySet()) {
            String key = scan.repository() + "@" + e.getValue();
            Map<String, Long> blobs = reached.get(key);
            long size = Bytes.sum(blobs);
            long shared = 0;
            for (Map.Entry<String, Long> b : blobs.entrySet()) {
              if (users.get(b.getKey()).size() > 1) {
                shared = Bytes.add(shared, b.getValue());
              }
            }
            Scanner.Node node = scan.nodes().get(e.getValue());
            Verdicts.Verdict verdict = v.get(e.getKey());
            tags.add(new TagRow(registry, scan.repository(), e.getKey(), e.getValue(),
                node == null ? null : node.mediaType(), platforms(scan, e.getValue()),
                Verdicts.created(scan, e.getValue()), size, shared, size - shared,
                verdict.kind(), verdict.verdict(), verdict.reason()));
            repoLogical = Bytes.add(repoLogical, size);
            if (verdict.deleted()) {
              deleteTags++;
            }
          }
          stored.putAll(repoStored);
          long repoReclaimable = 0;
          for (String d : sweep.reclaimableByRepository().get(scan.repository())) {
            repoReclaimable = Bytes.add(repoReclaimable, sweep.reclaimable().get(d));
          }
          int repoImages = new LinkedHashSet<>(scan.tags().values()).size();
          images += repoImages;
          logical = Bytes.add(logical, repoLogical);
          repositories.add(new RepositoryRow(registry, scan.repository(), scan.tags().size(),
              repoImages, repoLogical, Bytes.sum(repoStored), repoReclaimable, deleteTags));
        }
        if (target.getValue().size() > 0) {
          notes.add("only the named repositories of " + registry + " were read: a blob that"
              + " another repository also uses stays after garbage collection");
        }
      }
      notes.addAll(UnrankedNotes.of(unranked, request.policy()));
      notes.add("manifests without any tag are not listed by registries: blobs only they use"
          + " are neither counted nor freed");
      Skips.note(skipped, notes);
      long storedBytes = Bytes.sum(stored);
      int deleteTags = (int) tags.stream().filter(TagRow::deleted).count();
      Totals totals = new Totals(repositories.size(), tags.size(), images, logical, storedBytes,
          logical - storedBytes, reclaimable, tagsOnly, deleteTags, deletions.size(),
          sessions.requestCount(), Skips.repositories(skipped),
          skipped.size() - Skips.repositories(skipped));
      CleanupReport report = new CleanupReport(CleanupReport.SCHEMA, request.now(),
          describe(request.policy()), capabilities, repositories, tags, deletions, totals, null,
          slimmable, notes, GC_COMMAND, skipped);
      if (!request.apply()) {
        return report;
      }
      if (deletions.isEmpty()) {
        return report.withApplied(new Applied(true, List.of(), List.of()));
      }
      if (!confirmation.confirm(report)) {
        return report.withApplied(new Applied(false, List.of(), List.of()));
      }
      Applied applied = apply(deletions, clients);
      return report.withApplied(applied).withRequests(sessions.requestCount());
    } catch (RegistryException e) {
      throw new SlimException(Reason.REGISTRY, e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code --deep}: every image manifest (index children too) checked on the pool. */
  private static List<Slimmable> deep(RegistryClient client, Scanner scanner,
      List<Scanner.RepoScan> scans) throws RegistryException {
    record Job(Scanner.RepoScan scan, Scanner.Node node, List<String> tags) {}
    List<Job> jobs = new ArrayList<>();
    for (Scanner.RepoScan scan : scans) {
      Map<String, List<String>> tagsOf = new LinkedHashMap<>();
      scan.tags().forEach((t, d) -> tagsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(t));
      for (String digest : tagsOf.keySet()) {
        for (String d : MarkSweep.closure(scan, Set.of(digest))) {
          Scanner.Node node = scan.nodes().get(d);
          if (node != null && !node.isIndex()) {
            jobs.add(new Job(scan, node, tagsOf.get(digest)));
          }
        }
      }
    }
    List<Slimmable> rows = new ArrayList<>();
    for (Slimmable row : scanner.parallel(jobs,
        j -> Deep.check(client, j.scan(), j.node(), j.tags()))) {
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Deletes each manifest by digest, after checking that each of its tags still points to it. */
  private static Applied apply(List<Deletion> deletions, Map<String, RegistryClient> clients)
      throws RegistryException {
    List<String> deleted = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Deletion d : deletions) {
      RegistryClient client = clients.get(d.registry());
      String name = d.repository() + "@" + d.digest();
      String moved = null;
      for (String tag : d.tags()) {
        Optional<Manifest> now = client.getManifest(d.repository(), tag);
        if (now.isEmpty() || !now.get().digest().equals(d.digest())) {
          moved = tag + (now.isEmpty() ? " is gone" : " now points to " + now.get().digest());
          break;
        }
      }
      if (moved != null) {
        skipped.add(name + ": tag " + moved);
        continue;
      }
      try {
        client.deleteManifest(d.repository(), d.digest());
        deleted.add(name);
      } catch (RegistryException e) {
        if (e.kind() == RegistryException.Kind.NOT_FOUND) {
          skipped.add(name + ": already gone");
        } else {
          throw e;
        }
      }
    }
    return new Applied(true, deleted, skipped);
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

  /** Registry to repositories; an empty list asks for every repository of the catalog. */
  static Map<String, List<String>> targets(List<String> targets) throws SlimException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String target : targets) {
      int slash = target.indexOf('/');
      String registry = slash < 0 ? target : target.substring(0, slash);
      String repo = slash < 0 ? null : target.substring(slash + 1);
      if (!REGISTRY.matcher(registry).matches() || registry.isEmpty()) {
        throw new SlimException(Reason.USAGE, "\"" + target + "\" is not REGISTRY or"
            + " REGISTRY/REPOSITORY (such as 127.0.0.1:5000/team/app)");
      }
      if (repo != null && (repo.contains(":") || repo.contains("@")
          || !repo.matches("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*"
              + "(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*"))) {
        throw new SlimException(Reason.USAGE, "\"" + target + "\": name a repository without"
            + " tag or digest, in lowercase (REGISTRY/REPOSITORY)");
      }
      List<String> repos = out.computeIfAbsent(registry, k -> new ArrayList<>());
      if (repo == null) {
        repos.clear();
        out.put(registry, repos);
        out.get(registry).add("\0all");
      } else if (!repos.contains("\0all") && !repos.contains(repo)) {
        repos.add(repo);
      }
    }
    out.replaceAll((k, v) -> v.contains("\0all") ? List.of() : List.copyOf(v));
    return out;
  }

  static String describe(Policy p) {
    List<String> parts = new ArrayList<>();
    if (p.keepLast() != null) {
      parts.add("--keep-last " + p.keepLast());
    }
    if (p.order() != Policy.Order.CREATED) {
      parts.add("--order " + p.order().label());
    }
    if (p.olderThan() != null) {
      parts.add("--older-than " + Policy.age(p.olderThan()));
    }
    if (p.keep() != null) {
      parts.add("--keep " + p.keep().pattern());
    }
    if (p.only() != null) {
      parts.add("--only " + p.only().pattern());
    }
    p.protect().stream().sorted().forEach(d -> parts.add("--protect " + d));
    parts.add(p.keepLatest() ? "latest kept" : "latest not kept");
    if (!p.deletes()) {
      parts.add(0, "no deleting rule: orphans only");
    }
    return String.join(", ", parts);
  }

  private static RegistryClient client(Sessions sessions, String registry)
      throws RegistryException, SlimException {
    try {
      return sessions.client(registry);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, e.getMessage(), e);
    }
  }
}
