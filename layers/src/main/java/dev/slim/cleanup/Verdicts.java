package dev.slim.cleanup;

import dev.slim.plan.CreationTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;

/** Applies a policy to the tags of one repository: every tag gets a verdict and its reason. */
final class Verdicts {

  static final String KEEP = "keep";
  static final String DELETE = "delete";

  /** Why an order could not rank an image, which it therefore kept. */
  enum Unranked {
    /** Its creation time is missing or at or before 1980-01-01. */
    UNKNOWN_TIME,
    /** Another compared image has the same creation time. */
    SAME_TIME,
    /** {@code --order semver}: the tag is not a semantic version. */
    NOT_SEMVER,
    /** {@code --order semver}: another compared image has a tag of the same version. */
    SAME_VERSION,
    /** Newer than a kept image of a shared time or version: deleting it would keep an older one. */
    ABOVE_TIE
  }

  /**
   * A tag's verdict and the rule that decided it.
   *
   * @param unranked why the policy's order could not rank the tag's image (it is kept), or null
   */
  record Verdict(String verdict, String reason, String kind, Unranked unranked) {
    Verdict(String verdict, String reason, String kind) {
      this(verdict, reason, kind, null);
    }

    boolean deleted() {
      return verdict.equals(DELETE);
    }
  }

  private Verdicts() {}

  /** The creation time of a manifest: its config's, or for an index the newest child's. */
  static Instant created(Scanner.RepoScan scan, String digest) {
    return created(scan, digest, 0);
  }

  private static Instant created(Scanner.RepoScan scan, String digest, int depth) {
    Scanner.Node node = scan.nodes().get(digest);
    if (node == null || depth > 4) {
      return null;
    }
    if (node.config() != null && node.config().created() != null) {
      return node.config().created();
    }
    Instant newest = null;
    for (String child : node.children()) {
      Instant c = created(scan, child, depth + 1);
      if (c != null && (newest == null || c.isAfter(newest))) {
        newest = c;
      }
    }
    return newest;
  }

  /**
   * An index none of whose children the registry has any more. A registry refuses to store an
   * index before its children, so only deleting makes one: {@code --apply} deletes children
   * before their index, and a run stopped in between leaves it for the next run to delete.
   */
  static boolean dangling(Scanner.RepoScan scan, String digest) {
    Scanner.Node node = scan.nodes().get(digest);
    return node != null && node.isIndex() && !node.children().isEmpty()
        && node.children().stream().noneMatch(scan.nodes()::containsKey);
  }

  static Map<String, Verdict> evaluate(Scanner.RepoScan scan, Policy policy, Instant now) {
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    List<String> candidates = new ArrayList<>();
    for (Map.Entry<String, String> e : scan.tags().entrySet()) {
      String tag = e.getKey();
      String digest = e.getValue();
      if (Scanner.ATTACHMENT.matcher(tag).matches()) {
        continue;
      }
      if (policy.only() != null && !policy.only().matcher(tag).matches()) {
        verdicts.put(tag, keep("not matched by --only " + policy.only().pattern()));
      } else if (tag.equals("latest") && policy.keepLatest()) {
        verdicts.put(tag, keep("latest is always kept"));
      } else if (policy.keep() != null && policy.keep().matcher(tag).matches()) {
        verdicts.put(tag, keep("matches --keep " + policy.keep().pattern()));
      } else if (policy.protect().contains(digest)) {
        verdicts.put(tag, keep("protected digest"));
      } else if (dangling(scan, digest)) {
        verdicts.put(tag, new Verdict(DELETE, "orphan: an index whose every child is gone,"
            + " which nothing can pull (an --apply stopped half-way leaves these)", "orphan"));
      } else {
        candidates.add(tag);
      }
    }
    // The images the deleting rules compare: the distinct digests of the candidate tags.
    Map<String, List<String>> tagsOf = new LinkedHashMap<>();
    for (String tag : candidates) {
      tagsOf.computeIfAbsent(scan.tags().get(tag), d -> new ArrayList<>()).add(tag);
    }
    Map<String, Verdict> byRank = policy.keepLast() == null ? Map.of()
        : keepLast(scan, policy, tagsOf);
    Map<String, Verdict> byAge = policy.olderThan() == null ? Map.of()
        : olderThan(scan, policy, tagsOf, now);
    for (String tag : candidates) {
      Verdict rank = byRank.get(tag);
      Verdict age = byAge.get(tag);
      if (rank == null && age == null) {
        verdicts.put(tag, keep("no rule deletes it"));
      } else if (rank == null || age == null) {
        verdicts.put(tag, rank == null ? age : rank);
      } else if (!rank.deleted()) {
        verdicts.put(tag, rank);
      } else if (!age.deleted()) {
        verdicts.put(tag, age);
      } else {
        verdicts.put(tag, delete(age.reason() + ", not one of the " + policy.keepLast()
            + " newest" + (policy.order() == Policy.Order.SEMVER ? " versions (--order semver)"
                : "")));
      }
    }
    // Deleting a manifest removes every tag on it: one kept tag keeps the image.
    Map<String, String> keptTagOf = new HashMap<>();
    verdicts.forEach((tag, v) -> {
      if (!v.deleted()) {
        keptTagOf.putIfAbsent(scan.tags().get(tag), tag);
      }
    });
    for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
      String kept = keptTagOf.get(scan.tags().get(e.getKey()));
      if (e.getValue().deleted() && kept != null) {
        e.setValue(keep("same image as kept tag " + kept));
      }
    }
    // Attachments follow their subject.
    Set<String> deletedDigests = new HashSet<>();
    Set<String> keptDigests = new HashSet<>();
    verdicts.forEach((tag, v) -> (v.deleted() ? deletedDigests : keptDigests)
        .add(scan.tags().get(tag)));
    for (Map.Entry<String, String> e : scan.tags().entrySet()) {
      String tag = e.getKey();
      Matcher m = Scanner.ATTACHMENT.matcher(tag);
      if (!m.matches()) {
        continue;
      }
      String subject = "sha256:" + m.group(1);
      boolean exists = scan.nodes().containsKey(subject)
          || scan.untaggedSubjects().contains(subject);
      Verdict v;
      if (policy.keep() != null && policy.keep().matcher(tag).matches()) {
        v = new Verdict(KEEP, "matches --keep " + policy.keep().pattern(),
            exists ? "attachment" : "orphan");
      } else if (policy.protect().contains(e.getValue())) {
        v = new Verdict(KEEP, "protected digest", exists ? "attachment" : "orphan");
      } else if (!exists) {
        v = new Verdict(DELETE, "orphan: subject " + short12(subject) + " is gone", "orphan");
      } else if (deletedDigests.contains(subject) && !keptDigests.contains(subject)) {
        v = new Verdict(DELETE, "attached to deleted image " + short12(subject), "attachment");
      } else {
        v = new Verdict(KEEP, "attached to kept image " + short12(subject), "attachment");
      }
      verdicts.put(tag, v);
    }
    // Again: an attachment manifest may also carry another tag.
    keptTagOf.clear();
    verdicts.forEach((tag, v) -> {
      if (!v.deleted()) {
        keptTagOf.putIfAbsent(scan.tags().get(tag), tag);
      }
    });
    for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
      String kept = keptTagOf.get(scan.tags().get(e.getKey()));
      if (e.getValue().deleted() && kept != null) {
        e.setValue(new Verdict(KEEP, "same image as kept tag " + kept, e.getValue().kind()));
      }
    }
    Map<String, Verdict> ordered = new LinkedHashMap<>();
    scan.tags().keySet().forEach(t -> ordered.put(t, verdicts.get(t)));
    return ordered;
  }

  /**
   * {@code --keep-last N}: per candidate tag, whether its image is one of the N newest. When
   * ranking is needed at all (more than N images, N above 0), an image the order cannot rank is
   * kept: its creation time unknown (at or before 1980) or shared with another image (under
   * {@code --order semver}: a tag that is no version, or a version another image has too). So
   * that no image is deleted while an older one stays, an image newer than a kept tied one is
   * kept too.
   */
  private static Map<String, Verdict> keepLast(Scanner.RepoScan scan, Policy policy,
      Map<String, List<String>> tagsOf) {
    int n = policy.keepLast();
    boolean semver = policy.order() == Policy.Order.SEMVER;
    String rule = semver ? " (--keep-last, --order semver)" : " (--keep-last)";
    String newest = n + " newest" + (semver ? " versions" : "");
    Map<String, Verdict> out = new HashMap<>();
    if (tagsOf.size() <= n || n == 0) {
      // Nothing to rank: every image is one of the N newest, or none is.
      Verdict all = n > 0 ? keep("one of the " + newest + rule)
          : delete("not one of the " + newest + rule);
      tagsOf.values().forEach(tags -> tags.forEach(t -> out.put(t, all)));
      return out;
    }
    Map<String, Verdict> byDigest = new HashMap<>();
    if (semver) {
      Map<String, SemVer> versions = new LinkedHashMap<>();
      Map<String, String> versionTag = new HashMap<>();
      tagsOf.forEach((digest, tags) -> {
        for (String tag : tags) {
          Optional<SemVer> v = SemVer.parse(tag);
          if (v.isEmpty()) {
            out.put(tag, unranked(Unranked.NOT_SEMVER, "not a version (such as v1,"
                + " 1.4, 1.4.2, v2.0.0-rc.1): cannot rank by version" + rule));
          } else if (!versions.containsKey(digest) || v.get().compareTo(versions.get(digest)) > 0) {
            versions.put(digest, v.get());
            versionTag.put(digest, tag);
          }
        }
      });
      rank(versions, versionTag, n, newest, rule, Unranked.SAME_VERSION, "version",
          SemVer::toString, byDigest);
    } else {
      Map<String, Instant> times = new LinkedHashMap<>();
      Map<String, String> timeTag = new HashMap<>();
      tagsOf.forEach((digest, tags) -> {
        Instant created = created(scan, digest);
        if (CreationTime.unknown(created)) {
          byDigest.put(digest, unranked(Unranked.UNKNOWN_TIME,
              unknownTime(created) + ": cannot rank by age" + rule));
        } else {
          times.put(digest, created);
          timeTag.put(digest, tags.get(0));
        }
      });
      rank(times, timeTag, n, newest, rule, Unranked.SAME_TIME, "creation time",
          DateTimeFormatter.ISO_INSTANT::format, byDigest);
    }
    tagsOf.forEach((digest, tags) -> {
      for (String tag : tags) {
        Verdict v = byDigest.get(digest);
        if (!out.containsKey(tag) && v != null) {
          out.put(tag, v);
        }
      }
    });
    return out;
  }

  /** Ranks images by a key, newest (greatest) first; ties and those above them are kept. */
  private static <K extends Comparable<K>> void rank(Map<String, K> keys,
      Map<String, String> tagOf, int n, String newest, String rule, Unranked tie, String what,
      Function<K, String> show, Map<String, Verdict> out) {
    TreeMap<K, List<String>> groups = new TreeMap<>(Comparator.reverseOrder());
    keys.forEach((digest, key) -> groups.computeIfAbsent(key, k -> new ArrayList<>())
        .add(digest));
    Map.Entry<K, List<String>> lowestTie = null;
    for (Map.Entry<K, List<String>> group : groups.entrySet()) {
      if (group.getValue().size() > 1) {
        lowestTie = group;
      }
    }
    int newer = 0;
    for (Map.Entry<K, List<String>> group : groups.entrySet()) {
      List<String> digests = group.getValue();
      for (String digest : digests) {
        if (newer + digests.size() <= n) {
          out.put(digest, keep("one of the " + newest + rule));
        } else if (digests.size() > 1) {
          List<String> others = new ArrayList<>();
          digests.stream().filter(d -> !d.equals(digest)).forEach(d -> others.add(tagOf.get(d)));
          out.put(digest, unranked(tie, "same " + what + " as " + names(others) + " ("
              + show.apply(group.getKey()) + "): cannot rank by "
              + (tie == Unranked.SAME_TIME ? "age" : "version") + rule));
        } else if (lowestTie != null && group.getKey().compareTo(lowestTie.getKey()) > 0) {
          out.put(digest, unranked(Unranked.ABOVE_TIE, "newer than " + tagOf.get(
              lowestTie.getValue().get(0)) + ", which is kept (its " + what + " is shared):"
              + " deleting this would keep an older image" + rule));
        } else {
          out.put(digest, delete("not one of the " + newest + rule));
        }
      }
      newer += digests.size();
    }
  }

  /**
   * {@code --older-than AGE}: per candidate tag, whether its image is older. An image whose
   * creation time is unknown (at or before 1980), or older than AGE but shared with another
   * image, is kept: its age cannot be told.
   */
  private static Map<String, Verdict> olderThan(Scanner.RepoScan scan, Policy policy,
      Map<String, List<String>> tagsOf, Instant now) {
    String age = Policy.age(policy.olderThan());
    String rule = " (--older-than " + age + ")";
    Map<String, List<String>> sameTime = new HashMap<>();
    Map<String, Instant> times = new HashMap<>();
    tagsOf.forEach((digest, tags) -> {
      Instant created = created(scan, digest);
      times.put(digest, created);
      if (!CreationTime.unknown(created)) {
        sameTime.computeIfAbsent(created.toString(), k -> new ArrayList<>()).add(digest);
      }
    });
    Map<String, Verdict> out = new HashMap<>();
    tagsOf.forEach((digest, tags) -> {
      Instant created = times.get(digest);
      Verdict v;
      if (CreationTime.unknown(created)) {
        v = unranked(Unranked.UNKNOWN_TIME, unknownTime(created) + ": cannot tell its age"
            + rule);
      } else if (created.isAfter(now.minus(policy.olderThan()))) {
        v = keep("newer than " + age + " (--older-than)");
      } else if (sameTime.get(created.toString()).size() > 1) {
        List<String> others = new ArrayList<>();
        sameTime.get(created.toString()).stream().filter(d -> !d.equals(digest))
            .forEach(d -> others.add(tagsOf.get(d).get(0)));
        v = unranked(Unranked.SAME_TIME, "same creation time as " + names(others) + " ("
            + DateTimeFormatter.ISO_INSTANT.format(created) + "): cannot tell its age" + rule);
      } else {
        v = delete("older than " + age + " (--older-than)");
      }
      tags.forEach(t -> out.put(t, v));
    });
    return out;
  }

  /** {@code creation time unknown (1970-01-01)}, or {@code (none in the image config)}. */
  static String unknownTime(Instant created) {
    return "creation time unknown (" + (created == null ? "none in the image config"
        : DateTimeFormatter.ISO_LOCAL_DATE.format(created.atOffset(ZoneOffset.UTC))) + ")";
  }

  /** {@code v1}, {@code v1, v2}, {@code v1, v2, v3 and 4 more}. */
  private static String names(List<String> tags) {
    List<String> sorted = tags.stream().sorted().toList();
    return String.join(", ", sorted.subList(0, Math.min(3, sorted.size())))
        + (sorted.size() > 3 ? " and " + (sorted.size() - 3) + " more" : "");
  }

  static String short12(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  private static Verdict keep(String reason) {
    return new Verdict(KEEP, reason, "image");
  }

  private static Verdict unranked(Unranked why, String reason) {
    return new Verdict(KEEP, reason, "image", why);
  }

  private static Verdict delete(String reason) {
    return new Verdict(DELETE, reason, "image");
  }
}
