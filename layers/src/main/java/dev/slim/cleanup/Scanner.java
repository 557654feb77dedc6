package dev.slim.cleanup;

import dev.slim.cleanup.CleanupReport.Skipped;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ConfigSummary;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a repository holds: tags, the manifests they point to (and every child of an
 * index), config blobs for creation time and platform, and referrers when the registry offers the
 * API. Never reads a layer. Reads run on a small fixed pool, one stage after the other.
 */
final class Scanner {

  /** {@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}: cosign's tag scheme for attachments. */
  static final Pattern ATTACHMENT = Pattern.compile("sha256-([0-9a-f]{64})\\.(sig|att|sbom)");

  private static final long MAX_CONFIG_BYTES = 1024 * 1024;

  /**
   * Names asked per page of a tag list or the catalog: 1,000 (Distribution's catalog serves at
   * most that many by default), so a listing costs the fewest requests the API allows. A registry
   * that caps pages lower (Docker Hub: 100) sends a {@code Link} to the next page, which the
   * client follows.
   */
  static final int PAGE = 1000;

  /** One manifest of a repository. */
  record Node(String digest, String mediaType, long size, List<Descriptor> blobs,
      List<String> children, ConfigSummary config) {
    Node {
      blobs = List.copyOf(blobs);
      children = List.copyOf(children);
    }

    boolean isIndex() {
      return MediaTypes.isIndex(mediaType);
    }
  }

  /**
   * What one repository holds.
   *
   * @param tags tag to digest, in the registry's order
   * @param nodes every manifest read, by digest
   * @param referrers subject digest to the digests of manifests that refer to it (referrers API)
   * @param untaggedSubjects subjects of attachment tags that exist without a tag of their own
   * @param skipped tags (or the whole repository) that could not be read, with why
   */
  record RepoScan(String registry, String repository, Map<String, String> tags,
      Map<String, Node> nodes, Map<String, List<String>> referrers, Set<String> untaggedSubjects,
      List<Skipped> skipped) {
    RepoScan {
      skipped = List.copyOf(skipped);
    }

    RepoScan(String registry, String repository, Map<String, String> tags,
        Map<String, Node> nodes, Map<String, List<String>> referrers,
        Set<String> untaggedSubjects) {
      this(registry, repository, tags, nodes, referrers, untaggedSubjects, List.of());
    }
  }

  private final RegistryClient client;
  private final ExecutorService pool;
  private final boolean referrersApi;
  /**
   * Configs already read from this registry, by digest: a blob is the same bytes in every
   * repository, so one shared by many (cosign's empty config, an image pushed to several
   * repositories) is read once. Touched only by the thread that runs {@link #scan}.
   */
  private final Map<String, ConfigSummary> configs = new HashMap<>();

  private final Runnable tagRead;

  /** @param tagRead called (on a worker thread) after each tag's manifest is read */
  Scanner(RegistryClient client, ExecutorService pool, boolean referrersApi, Runnable tagRead) {
    this.client = client;
    this.pool = pool;
    this.referrersApi = referrersApi;
    this.tagRead = tagRead;
  }

  Scanner(RegistryClient client, ExecutorService pool, boolean referrersApi) {
    this(client, pool, referrersApi, () -> {});
  }

  /** Reads a repository; one with more than {@code maxTags} tags is skipped, unread. */
  RepoScan scan(String repository, int maxTags) throws RegistryException {
    List<String> listed;
    try {
      listed = client.tags(repository, PAGE, maxTags);
    } catch (RegistryException e) {
      if (e.kind() != RegistryException.Kind.PROTOCOL) {
        throw e;
      }
      return Skips.repository(client.registry(), repository, "tag list not read: "
          + e.getMessage());
    }
    if (listed.size() > maxTags) {
      String tags = maxTags == 1 ? " tag" : " tags";
      return Skips.repository(client.registry(), repository, "more than " + maxTags + tags
          + ": slim report reads at most " + maxTags + tags + " per repository"
          + " (raise it with --max-tags)");
    }
    List<Skipped> skipped = new ArrayList<>();
    List<String> tagList = new ArrayList<>();
    for (String tag : listed) {
      String invalid = Skips.invalidTag(client.registry(), repository, tag);
      if (invalid == null) {
        tagList.add(tag);
      } else {
        skipped.add(new Skipped(client.registry(), repository, Skips.clip(tag), invalid));
      }
    }
    Map<String, Node> nodes = new HashMap<>();
    List<Skips.Read> found = parallel(tagList, t -> {
      Skips.Read read = Skips.read(client, repository, t);
      tagRead.run();
      return read;
    });
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, Manifest> manifests = new LinkedHashMap<>();
    for (int i = 0; i < tagList.size(); i++) {
      Skips.Read read = found.get(i);
      if (read.manifest() != null) {
        // one digest string per manifest, however many tags point to it
        Manifest first = manifests.putIfAbsent(read.manifest().digest(), read.manifest());
        tags.put(tagList.get(i), (first == null ? read.manifest() : first).digest());
      } else {
        skipped.add(new Skipped(client.registry(), repository, tagList.get(i), read.failure()));
      }
    }
    loadChildren(repository, manifests);
    Skips.implausible(client.registry(), repository, manifests, tags, skipped);

    Map<String, List<String>> referrers = new HashMap<>();
    if (referrersApi) {
      List<String> subjects = new ArrayList<>(manifests.keySet());
      List<Optional<List<Manifest.Child>>> lists =
          parallel(subjects, d -> client.referrers(repository, d));
      Map<String, Manifest> more = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < subjects.size(); i++) {
        for (Manifest.Child child : lists.get(i).orElse(List.of())) {
          referrers.computeIfAbsent(subjects.get(i), k -> new ArrayList<>()).add(child.digest());
          if (!manifests.containsKey(child.digest())) {
            missing.add(child.digest());
          }
        }
      }
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(missing));
      List<Optional<Manifest>> read = parallel(distinct, d -> client.getManifest(repository, d));
      read.forEach(m -> m.ifPresent(x -> more.put(x.digest(), x)));
      manifests.putAll(more);
      loadChildren(repository, manifests);
    }

    Set<String> untaggedSubjects = new LinkedHashSet<>();
    List<String> subjects = new ArrayList<>();
    for (String tag : tags.keySet()) {
      Matcher m = ATTACHMENT.matcher(tag);
      if (m.matches() && !manifests.containsKey("sha256:" + m.group(1))) {
        subjects.add("sha256:" + m.group(1));
      }
    }
    subjects = new ArrayList<>(new LinkedHashSet<>(subjects));
    List<Optional<Manifest>> subjectManifests =
        parallel(subjects, d -> client.getManifest(repository, d));
    for (int i = 0; i < subjects.size(); i++) {
      if (subjectManifests.get(i).isPresent()) {
        untaggedSubjects.add(subjects.get(i));
      }
    }

    List<Descriptor> unread = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Manifest m : manifests.values()) {
      if (m.config() != null && m.config().size() <= MAX_CONFIG_BYTES
          && !configs.containsKey(m.config().digest()) && seen.add(m.config().digest())) {
        unread.add(m.config());
      }
    }
    List<ConfigSummary> summaries = parallel(unread,
        c -> ConfigSummary.parse(client.getBlob(repository, c.digest())));
    for (int i = 0; i < unread.size(); i++) {
      configs.put(unread.get(i).digest(), summaries.get(i));
    }
    Map<String, ConfigSummary> byConfig = configs;
    for (Manifest m : manifests.values()) {
      List<Descriptor> blobs = new ArrayList<>();
      if (m.config() != null) {
        blobs.add(m.config());
      }
      blobs.addAll(m.layers());
      List<String> children = m.children().stream().map(Manifest.Child::digest).toList();
      nodes.put(m.digest(), new Node(m.digest(), m.mediaType(), m.raw().length, blobs, children,
          m.config() == null ? null : byConfig.get(m.config().digest())));
    }
    return new RepoScan(client.registry(), repository, tags, nodes, referrers, untaggedSubjects,
        skipped);
  }

  /** Reads the children of every index until none is missing (indexes may nest). */
  private void loadChildren(String repository, Map<String, Manifest> manifests)
      throws RegistryException {
    while (true) {
      Set<String> missing = new LinkedHashSet<>();
      for (Manifest m : manifests.values()) {
        for (Manifest.Child child : m.children()) {
          if (!manifests.containsKey(child.digest())) {
            missing.add(child.digest());
          }
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      List<String> digests = new ArrayList<>(missing);
      List<Optional<Manifest>> read = parallel(digests, d -> client.getManifest(repository, d));
      boolean progress = false;
      for (Optional<Manifest> m : read) {
        if (m.isPresent()) {
          manifests.put(m.get().digest(), m.get());
          progress = true;
        }
      }
      if (!progress) {
        return;
      }
    }
  }

  @FunctionalInterface
  interface Read<T, R> {
    R apply(T item) throws RegistryException;
  }

  /** Runs one read per item on the pool; results in the items' order. */
  <T, R> List<R> parallel(List<T> items, Read<T, R> read) throws RegistryException {
    return parallel(pool, items, read);
  }

  /** Runs one read per item on {@code pool}; results in the items' order. */
  static <T, R> List<R> parallel(ExecutorService pool, List<T> items, Read<T, R> read)
      throws RegistryException {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> read.apply(item)));
    }
    List<R> results = new ArrayList<>();
    RegistryException failure = null;
    for (Future<R> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          if (e.getCause() instanceof RegistryException r) {
            failure = r;
          } else if (e.getCause() instanceof RuntimeException r) {
            futures.forEach(x -> x.cancel(true));
            throw r;
          } else {
            throw new IllegalStateException(e.getCause());
          }
        }
        futures.forEach(x -> x.cancel(true));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.CancellationException e) {
        // A read after a failure was cancelled.
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }
}
