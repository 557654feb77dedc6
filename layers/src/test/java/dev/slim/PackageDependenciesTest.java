package dev.slim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's packages, read from its sources: data flows one way (binary → inspection → plan →
 * image → publish → report), so no package may reach back, and each third-party library stays in
 * the packages that adapt it.
 */
class PackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/slim");
  private static final Pattern USE = Pattern.compile("\\bdev\\.slim\\.([a-z]+)\\.[A-Z]");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([a-z][\\w.]*)");

  /** Package → the dev.slim packages its sources name. */
  private static final Map<String, Set<String>> USES = new TreeMap<>();
  /** Package → the third-party packages its sources import. */
  private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path folder = SOURCES.relativize(file.getParent());
        if (folder.toString().isEmpty()) {
          continue; // dev.slim itself: SlimException, which every package may use
        }
        String pkg = folder.toString();
        String text = Files.readString(file);
        Set<String> uses = USES.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = USE.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            uses.add(m.group(1));
          }
        }
        Set<String> imports = IMPORTS.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher i = IMPORT.matcher(text);
        while (i.find()) {
          if (!i.group(1).startsWith("java.") && !i.group(1).startsWith("javax.")
              && !i.group(1).startsWith("dev.slim")) {
            imports.add(i.group(1));
          }
        }
      }
    }
    assertThat(USES).as("the sources were found").containsKeys("oci", "registry", "pipeline");
  }

  @Test
  void noPackageReachesBack() {
    List<String> cycles = new ArrayList<>();
    for (String start : USES.keySet()) {
      List<String> path = new ArrayList<>(List.of(start));
      findCycle(start, start, path, new TreeSet<>(), cycles);
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void theBottomPackagesStandAlone() {
    assertThat(USES.get("oci")).as("oci: the shared vocabulary").isEmpty();
    assertThat(USES.get("files")).as("files: writing outputs safely").isEmpty();
    assertThat(USES.get("inspect")).as("inspect reads a binary").containsOnly("oci");
    assertThat(USES.get("registry")).as("registry speaks the API").containsOnly("oci");
    for (String pkg : List.of("inspect", "plan", "image", "registry", "push")) {
      assertThat(USES.get(pkg)).as(pkg + " comes before the pipeline and its reports")
          .doesNotContain("pipeline", "render", "cleanup", "config", "migrate", "deploy");
    }
  }

  @Test
  void thirdPartyTypesStayInTheirAdapters() {
    assertOnlyIn("org.apache.commons.compress", Set.of("image"));
    assertOnlyIn("com.google.cloud.tools.jib", Set.of("registry"));
    assertOnlyIn("org.snakeyaml.engine", Set.of("config", "deploy"));
    assertOnlyIn("picocli", Set.of());
  }

  private static void assertOnlyIn(String library, Set<String> allowed) {
    Set<String> users = new TreeSet<>();
    IMPORTS.forEach((pkg, imports) -> {
      if (imports.stream().anyMatch(i -> i.startsWith(library))) {
        users.add(pkg);
      }
    });
    assertThat(users).as(library + " is used by").isSubsetOf(allowed);
  }

  private static void findCycle(String start, String at, List<String> path, Set<String> seen,
      List<String> cycles) {
    for (String next : USES.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (seen.add(next)) {
        path.add(next);
        findCycle(start, next, path, seen, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
