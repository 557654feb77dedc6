package dev.slim.cleanup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a registry stores, what a policy would delete, and how many bytes that would really free.
 * Every size is in bytes (compressed, as stored).
 *
 * @param schema {@value #SCHEMA}
 * @param generated when the report was made
 * @param policy the policy, in words
 * @param registries what each registry allows
 * @param repositories one row per repository
 * @param tags one row per tag, with its verdict
 * @param deletions the manifests {@code --apply} deletes, in order
 * @param totals sums over every repository, blobs shared between repositories counted once
 * @param applied what {@code --apply} did, or {@code null} without it
 * @param slimmable with {@code --deep}: images {@code slim build} would make smaller; else
 *     {@code null}
 * @param notes limits of the prediction worth knowing
 * @param gcCommand the registry's garbage-collection step that frees the space
 * @param skipped repositories and tags that could not be read, with why; not in the other lists
 */
public record CleanupReport(String schema, Instant generated, String policy,
    List<Capabilities> registries, List<RepositoryRow> repositories, List<TagRow> tags,
    List<Deletion> deletions, Totals totals, Applied applied, List<Slimmable> slimmable,
    List<String> notes, String gcCommand, List<Skipped> skipped) {

  /** Identifies the JSON layout; bump the version on incompatible changes. */
  public static final String SCHEMA = "slim/cleanup-report/v1";

  public CleanupReport {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(policy, "policy");
    registries = List.copyOf(registries);
    repositories = List.copyOf(repositories);
    tags = List.copyOf(tags);
    deletions = List.copyOf(deletions);
    Objects.requireNonNull(totals, "totals");
    slimmable = slimmable == null ? null : List.copyOf(slimmable);
    notes = List.copyOf(notes);
    skipped = List.copyOf(skipped);
  }

  /** A report in which nothing was skipped. */
  public CleanupReport(String schema, Instant generated, String policy,
      List<Capabilities> registries, List<RepositoryRow> repositories, List<TagRow> tags,
      List<Deletion> deletions, Totals totals, Applied applied, List<Slimmable> slimmable,
      List<String> notes, String gcCommand) {
    this(schema, generated, policy, registries, repositories, tags, deletions, totals, applied,
        slimmable, notes, gcCommand, List.of());
  }

  /** The same report with what {@code --apply} did. */
  public CleanupReport withApplied(Applied value) {
    return new CleanupReport(schema, generated, policy, registries, repositories, tags, deletions,
        totals, value, slimmable, notes, gcCommand, skipped);
  }

  /**
   * A repository ({@code tag} null) or a tag the report could not read, and why: its tag list
   * loops or is longer than the limit, its name or its manifest is not valid, the manifest read
   * failed, or the sizes it declares are not plausible.
   */
  public record Skipped(String registry, String repository, String tag, String reason) {
    public Skipped {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(reason, "reason");
    }

    /** {@code repository} or {@code repository:tag}. */
    public String name() {
      return tag == null ? repository : repository + ":" + tag;
    }
  }

  /** The same report with another request count. */
  CleanupReport withRequests(int requests) {
    Totals t = totals;
    return new CleanupReport(schema, generated, policy, registries, repositories, tags, deletions,
        new Totals(t.repositories(), t.tags(), t.images(), t.logicalBytes(), t.storedBytes(),
            t.sharingSavedBytes(), t.reclaimableBytes(), t.tagsOnlyBytes(), t.deleteTags(),
            t.deleteManifests(), requests, t.skippedRepositories(), t.skippedTags()),
        applied, slimmable, notes, gcCommand, skipped);
  }

  /**
   * An image whose entrypoint is a static ELF on a base: what {@code slim build} would give.
   *
   * @param imageBytes config and layers now (compressed)
   * @param slimBytes config and layer of the scratch image {@code slim build} makes of the binary
   */
  public record Slimmable(String registry, String repository, List<String> tags, String digest,
      String entrypoint, long imageBytes, long slimBytes, long savingBytes) {
    public Slimmable {
      Objects.requireNonNull(repository, "repository");
      tags = List.copyOf(tags);
      Objects.requireNonNull(digest, "digest");
    }
  }

  /** What a registry allows, as probed. {@code null} when it could not be probed. */
  public record Capabilities(String registry, Boolean catalog, Boolean delete, Boolean referrers) {
    public Capabilities {
      Objects.requireNonNull(registry, "registry");
    }
  }

  /**
   * One repository.
   *
   * @param logicalBytes the naive sum over tags, as registry UIs show it
   * @param storedBytes distinct blobs (manifests, configs, layers) its tags reach
   * @param reclaimableBytes distinct blobs freed after garbage collection by its deletions
   */
  public record RepositoryRow(String registry, String repository, int tags, int images,
      long logicalBytes, long storedBytes, long reclaimableBytes, int deleteTags) {
    public RepositoryRow {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(repository, "repository");
    }
  }

  /**
   * One tag.
   *
   * @param platforms {@code linux/amd64} and so on; several for an index
   * @param created from the image config; {@code null} when unknown
   * @param sizeBytes manifests, configs and layers the tag reaches
   * @param sharedBytes the part of {@code sizeBytes} other images also use
   * @param uniqueBytes the rest
   * @param kind {@code image}, {@code attachment} ({@code sha256-….sig/.att/.sbom}) or {@code
   *     orphan} (an attachment whose subject is gone)
   * @param verdict {@code keep} or {@code delete}
   * @param reason the rule that decided
   */
  public record TagRow(String registry, String repository, String tag, String digest,
      String mediaType, List<String> platforms, Instant created, long sizeBytes,
      long sharedBytes, long uniqueBytes, String kind, String verdict, String reason) {
    public TagRow {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(digest, "digest");
      platforms = List.copyOf(platforms);
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }

    public boolean deleted() {
      return verdict.equals("delete");
    }
  }

  /**
   * A manifest {@code --apply} deletes.
   *
   * @param tags the tags that pointed to it when the report was made (re-checked before deleting)
   * @param kind {@code image}, {@code index}, {@code child} (of a deleted index), {@code referrer}
   */
  public record Deletion(String registry, String repository, String digest, List<String> tags,
      String kind) {
    public Deletion {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(digest, "digest");
      tags = List.copyOf(tags);
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Sums.
   *
   * @param logicalBytes the naive sum over tags
   * @param storedBytes distinct blobs
   * @param sharingSavedBytes {@code logicalBytes - storedBytes}
   * @param reclaimableBytes freed after the registry's garbage collection
   * @param tagsOnlyBytes blobs of deleted manifests that stay, because kept images use them:
   *     their tags are removed, nothing is freed
   * @param requests HTTP requests sent, token requests and retries included
   * @param skippedRepositories repositories not read at all (see {@link Skipped})
   * @param skippedTags tags not read
   */
  public record Totals(int repositories, int tags, int images, long logicalBytes,
      long storedBytes, long sharingSavedBytes, long reclaimableBytes, long tagsOnlyBytes,
      int deleteTags, int deleteManifests, int requests, int skippedRepositories,
      int skippedTags) {

    /** Sums of a report in which nothing was skipped. */
    public Totals(int repositories, int tags, int images, long logicalBytes, long storedBytes,
        long sharingSavedBytes, long reclaimableBytes, long tagsOnlyBytes, int deleteTags,
        int deleteManifests, int requests) {
      this(repositories, tags, images, logicalBytes, storedBytes, sharingSavedBytes,
          reclaimableBytes, tagsOnlyBytes, deleteTags, deleteManifests, requests, 0, 0);
    }
  }

  /**
   * What {@code --apply} did.
   *
   * @param confirmed whether the user said yes
   * @param deleted manifests deleted, as {@code repository@digest}
   * @param skipped manifests left alone, with why
   */
  public record Applied(boolean confirmed, List<String> deleted, List<String> skipped) {
    public Applied {
      deleted = List.copyOf(deleted);
      skipped = List.copyOf(skipped);
    }
  }
}
