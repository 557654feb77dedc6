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
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
    return report(request, confirmation, CleanupProgress.NONE);
  }

  /** As {@link #report(CleanupRequest, Confirmation)}, telling {@code progress} how far it is. */
  public static CleanupReport report(CleanupRequest request, Confirmation confirmation,
      CleanupProgress progress) throws SlimException {
    Map<String, List<String>> targets = targets(request.targets());
    AtomicInteger repositoriesTotal = new AtomicInteger();
    AtomicInteger repositoriesDone = new AtomicInteger();
    AtomicInteger tagsRead = new AtomicInteger();
    AtomicInteger deletionsTotal = new AtomicInteger();
    AtomicInteger deletionsDone = new AtomicInteger();
    Map<String, RegistryClient> clients = new LinkedHashMap<>();
    Sessions sessions = Sessions.forAll(new RegistryAccess(request.username(), request.password(),
        request.insecureRegistries(), request.environment()), "slim-report");
    Runnable tell = () -> progress.update(new CleanupProgress.Snapshot(repositoriesTotal.get(),
        repositoriesDone.get(), tagsRead.get(), sessions.requestCount(), deletionsTotal.get(),
        deletionsDone.get()));
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
      Map<Deletion, Long> freed = new HashMap<>();
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
        Scanner scanner = new Scanner(client, pool, Boolean.TRUE.equals(referrers),
            () -> {
              tagsRead.incrementAndGet();
              tell.run();
            });
        repositoriesTotal.addAndGet(repos.size());
        List<Scanner.RepoScan> scans = new ArrayList<>();
        Map<String, Map<String, Verdicts.Verdict>> verdicts = new HashMap<>();
        for (String repo : repos) {
          Scanner.RepoScan scan = scanner.scan(repo, request.maxTags());
          repositoriesDone.incrementAndGet();
          tell.run();
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
        freed.putAll(sweep.freed());
        reclaimable = Bytes.add(reclaimable, Bytes.sum(sweep.reclaimable()));
        tagsOnly = Bytes.add(tagsOnly, Bytes.sum(sweep.tagsOnly()));
        Rows rows = Rows.of(scans);
        for (Scanner.RepoScan scan : scans) {
          long repoReclaimable = 0;
          for (String d : sweep.reclaimableByRepository().get(scan.repository())) {
            repoReclaimable = Bytes.add(repoReclaimable, sweep.reclaimable().get(d));
          }
          RepositoryRow row = rows.add(scan, verdicts.get(scan.repository()), repoReclaimable,
              tags, stored);
          images += row.images();
          logical = Bytes.add(logical, row.logicalBytes());
          repositories.add(row);
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
      deletionsTotal.set(deletions.size());
      tell.run();
      Applied applied;
      try (Journal journal = Journal.open(request.journal())) {
        try {
          applied = Deleter.apply(deletions, freed, clients, pool, journal, n -> {
            deletionsDone.set(n);
            tell.run();
          });
        } catch (java.io.UncheckedIOException e) {
          throw journal.failed(e);
        }
      }
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
