package dev.slim.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What pinning one file found: the splices to make and the built repositories it names. */
final class Edits {
  final List<Splice> splices = new ArrayList<>();
  /** Repositories slim built that the file names, pinned now or already. */
  final Set<String> found = new LinkedHashSet<>();
  /** How many fields change. */
  int fields;

  void add(Splice splice) {
    splices.add(splice);
  }
}
