package dev.slim.testing;

import java.io.IOException;
import java.nio.file.Path;

/** The bench's entry point to {@link RegistryLayout} ({@code bench/report-100k-tags.sh}). */
public final class WriteRegistryLayout {

  /**
   * {@code java -cp layers/target/test-classes dev.slim.testing.WriteRegistryLayout ROOT REPOS
   * TAGS_PER_REPO MANIFESTS [INDEX_SHARE SBOM_SHARE BASE_LAYERS SEED]}: writes the storage under
   * ROOT and prints what it holds, one {@code name value} a line.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: WriteRegistryLayout ROOT REPOS TAGS_PER_REPO"
          + " MANIFESTS [INDEX_SHARE SBOM_SHARE BASE_LAYERS SEED]");
    }
    RegistryLayout.Builder b = RegistryLayout.builder().repos(Integer.parseInt(args[1])).tagsPerRepo(Integer.parseInt(args[2]))
        .manifests(Integer.parseInt(args[3]));
    if (args.length >= 8) {
      b.indexShare(Double.parseDouble(args[4])).sbomShare(Double.parseDouble(args[5]))
          .baseLayers(Integer.parseInt(args[6])).seed(Long.parseLong(args[7]));
    }
    long start = System.nanoTime();
    RegistryLayout.Summary s = b.build().write(Path.of(args[0]));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("repositories " + s.repositories());
    System.out.println("tags " + s.tagCount());
    System.out.println("images " + s.images());
    System.out.println("manifests " + s.manifests());
    System.out.println("indexes " + s.indexes());
    System.out.println("children " + s.children());
    System.out.println("configs " + s.configs());
    System.out.println("layers " + s.layers());
    System.out.println("blobs " + s.blobs());
    System.out.println("storedBytes " + s.storedBytes());
    System.out.println("minimumReads " + s.minimumReads(1000, Integer.MAX_VALUE));
    System.out.println("writeMillis " + millis);
  }

  private WriteRegistryLayout() {}
}
