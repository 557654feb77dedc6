package dev.slim.cleanup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** Applies a policy to the tags of one repository: every tag gets a verdict and its reason. */
final class Verdicts {

  static final String KEEP = "keep";
  static final String DELETE = "delete";

  /** A tag's verdict and the rule that decided it. */
  record Verdict(String verdict, String reason, String kind) {
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
      } else {
        candidates.add(tag);
      }
    }
    Set<String> newest = new HashSet<>();
    if (policy.keepLast() != null) {
      List<String> order = new ArrayList<>(candidates);
      Comparator<String> byCreated = Comparator.comparing(
          (String t) -> created(scan, scan.tags().get(t)),
          Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();
      order.sort(byCreated.thenComparing(Comparator.naturalOrder()));
      for (String tag : order) {
        if (newest.size() >= policy.keepLast()) {
          break;
        }
        newest.add(scan.tags().get(tag));
      }
    }
    for (String tag : candidates) {
      String digest = scan.tags().get(tag);
      Instant created = created(scan, digest);
      if (policy.keepLast() != null && newest.contains(digest)) {
        verdicts.put(tag, keep("one of the " + policy.keepLast() + " newest (--keep-last)"));
      } else if (policy.olderThan() != null) {
        String age = Policy.age(policy.olderThan());
        if (created == null) {
          verdicts.put(tag, keep("creation time unknown (--older-than " + age + ")"));
        } else if (created.isAfter(now.minus(policy.olderThan()))) {
          verdicts.put(tag, keep("newer than " + age + " (--older-than)"));
        } else {
          verdicts.put(tag, delete("older than " + age + " (--older-than)"
              + (policy.keepLast() != null ? ", not one of the " + policy.keepLast()
                  + " newest" : "")));
        }
      } else if (policy.keepLast() != null) {
        verdicts.put(tag, delete("not one of the " + policy.keepLast() + " newest (--keep-last)"));
      } else {
        verdicts.put(tag, keep("no rule deletes it"));
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

  static String short12(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  private static Verdict keep(String reason) {
    return new Verdict(KEEP, reason, "image");
  }

  private static Verdict delete(String reason) {
    return new Verdict(DELETE, reason, "image");
  }
}
