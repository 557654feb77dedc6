package dev.slim.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Writes a CNCF Distribution registry's filesystem storage directly, as the registry itself lays
 * it out, so that a registry with 100,000 tags exists in seconds instead of the hours a push of
 * every manifest takes. Start {@code docker-registry} on the root afterwards.
 *
 * <pre>
 * docker/registry/v2/blobs/sha256/XX/HEX/data                            every blob and manifest
 * docker/registry/v2/repositories/NAME/_layers/sha256/HEX/link           config and layer links
 * docker/registry/v2/repositories/NAME/_manifests/revisions/sha256/HEX/link
 * docker/registry/v2/repositories/NAME/_manifests/tags/TAG/current/link
 * docker/registry/v2/repositories/NAME/_manifests/tags/TAG/index/sha256/HEX/link
 * docker/registry/v2/repositories/NAME/_uploads/
 * </pre>
 *
 * <p>A link holds {@code sha256:HEX} without a newline. Each repository holds {@code manifests /
 * repos} top-level images; a share of them are indexes of two platform images (linux/amd64,
 * linux/arm64, untagged), a share of the plain images have an SBOM attached through a {@code
 * sha256-HEX.sbom} tag (cosign's scheme: its own manifest, the shared empty config {@code {}},
 * one SPDX layer). Every image manifest uses one or two of the shared base layers and one layer of
 * its own (small random bytes; a report never reads layers). The rest of the tags point to the
 * top-level images in turn. Configs carry distinct creation times, one second apart in the
 * order of the images. The same builder values give the same bytes and digests on every run.
 */
public final class RegistryLayout {

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String SPDX = "text/spdx+json";
  /** The creation time of the first image; each next image is one second later. */
  static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  private final int repos;
  private final int tagsPerRepo;
  private final int imagesPerRepo;
  private final int indexesPerRepo;
  private final int sbomsPerRepo;
  private final int baseLayers;
  private final long seed;

  private RegistryLayout(Builder b) {
    this.repos = b.repos;
    this.tagsPerRepo = b.tagsPerRepo;
    this.imagesPerRepo = b.manifests / b.repos;
    this.indexesPerRepo = (int) Math.round(imagesPerRepo * b.indexShare);
    this.sbomsPerRepo = (int) Math.round((imagesPerRepo - indexesPerRepo) * b.sbomShare);
    this.baseLayers = b.baseLayers;
    this.seed = b.seed;
    if (b.manifests % b.repos != 0) {
      throw new IllegalArgumentException("manifests (" + b.manifests + ") must be a multiple of"
          + " repos (" + b.repos + ")");
    }
    if (imagesPerRepo < 1 || tagsPerRepo - sbomsPerRepo < imagesPerRepo) {
      throw new IllegalArgumentException("each repository needs at least one tag per image: "
          + imagesPerRepo + " images and " + sbomsPerRepo + " SBOM tags in " + tagsPerRepo
          + " tags");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The name of repository {@code i}: {@code scale/r0000}, {@code scale/r0001}, ... */
  public static String repository(int i) {
    return "scale/r" + String.format("%04d", i);
  }

  /**
   * What was written.
   *
   * @param tags repository to tag to manifest digest
   * @param images distinct tagged manifests, summed over the repositories (what {@code slim
   *     report} counts as images)
   * @param manifests distinct manifests: tagged ones, index children and SBOMs
   * @param indexes distinct indexes
   * @param children distinct untagged index children
   * @param configs distinct config blobs
   * @param layers distinct layer blobs
   * @param blobs files under {@code blobs/}: manifests, configs and layers
   * @param storedBytes the sizes of all of them, each counted once
   */
  public record Summary(Map<String, Map<String, String>> tags, int images, int manifests,
      int indexes, int children, int configs, int layers, int blobs, long storedBytes) {
    public Summary {
      tags = Map.copyOf(tags);
    }

    public int repositories() {
      return tags.size();
    }

    public int tagCount() {
      return tags.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * The fewest requests that read this registry as {@code slim report REGISTRY} needs it read:
     * the catalog in pages of {@code catalogPage}, each repository's tags in pages of {@code
     * tagPage}, one GET per tag (the API resolves a tag no cheaper, and the GET brings the
     * manifest), one per untagged index child, and one per distinct config. Capability probes
     * (catalog allowed, delete enabled, referrers API) come on top.
     */
    public int minimumReads(int catalogPage, int tagPage) {
      long pages = (repositories() + catalogPage - 1L) / catalogPage;
      for (Map<String, String> t : tags.values()) {
        pages += Math.max(1, (t.size() + tagPage - 1L) / tagPage);
      }
      return Math.toIntExact(pages + tagCount() + children + configs);
    }
  }

  /** Writes the storage under {@code root} (the registry's {@code rootdirectory}). */
  public Summary write(Path root) throws IOException {
    Path v2 = root.resolve("docker/registry/v2");
    Files.createDirectories(v2.resolve("blobs/sha256"));
    Files.createDirectories(v2.resolve("repositories"));
    Map<String, Long> blobs = new ConcurrentHashMap<>();
    Map<String, Boolean> configs = new ConcurrentHashMap<>();
    Map<String, Boolean> layers = new ConcurrentHashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    List<Blob> base = new ArrayList<>();
    for (int i = 0; i < baseLayers; i++) {
      // written when an image first uses it: a layer no image uses would be garbage
      base.add(blob(randomBytes(random, 4096 + random.nextInt(60_000))));
    }
    Blob emptyConfig = blob("{}".getBytes(StandardCharsets.UTF_8)); // written with an SBOM
    Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    Map<String, Boolean> children = new ConcurrentHashMap<>();
    try {
      IntStream.range(0, repos).parallel().forEach(r -> {
        try {
          Repo repo = new Repo(v2, r, base, emptyConfig, blobs, configs, layers, children);
          tags.put(repository(r), repo.write());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    int images = 0;
    for (Map<String, String> t : tags.values()) {
      images += Set.copyOf(t.values()).size();
    }
    int manifests = blobs.size() - configs.size() - layers.size();
    long stored = blobs.values().stream().mapToLong(Long::longValue).sum();
    return new Summary(tags, images, manifests, repos * indexesPerRepo, children.size(),
        configs.size(), layers.size(), blobs.size(), stored);
  }

  /** One repository's files; its own random stream, so repositories may be written in parallel. */
  private final class Repo {
    private final Path v2;
    private final Path dir;
    private final int index;
    private final SplittableRandom random;
    private final List<Blob> base;
    private final Blob emptyConfig;
    private final Map<String, Long> blobs;
    private final Map<String, Boolean> configs;
    private final Map<String, Boolean> layers;
    private final Map<String, Boolean> children;
    private int images;

    Repo(Path v2, int index, List<Blob> base, Blob emptyConfig, Map<String, Long> blobs,
        Map<String, Boolean> configs, Map<String, Boolean> layers, Map<String, Boolean> children) {
      this.v2 = v2;
      this.dir = v2.resolve("repositories").resolve(repository(index));
      this.index = index;
      this.random = new SplittableRandom(seed * 1_000_003L + index);
      this.base = base;
      this.emptyConfig = emptyConfig;
      this.blobs = blobs;
      this.configs = configs;
      this.layers = layers;
      this.children = children;
    }

    Map<String, String> write() throws IOException {
      Files.createDirectories(dir.resolve("_uploads"));
      List<Blob> top = new ArrayList<>();
      Map<String, String> tags = new TreeMap<>();
      for (int i = 0; i < imagesPerRepo; i++) {
        if (i < indexesPerRepo) {
          Blob amd64 = image("amd64");
          Blob arm64 = image("arm64");
          children.put(amd64.digest, true);
          children.put(arm64.digest, true);
          top.add(manifest(index(amd64, arm64)));
        } else {
          Blob image = image("amd64");
          top.add(image);
          if (i - indexesPerRepo < sbomsPerRepo) {
            Blob sbom = sbom(image);
            tag("sha256-" + image.digest.substring(7) + ".sbom", sbom, tags);
          }
        }
      }
      for (int t = 0; tags.size() < tagsPerRepo; t++) {
        tag("v" + (t + 1), top.get(t % top.size()), tags);
      }
      return tags;
    }

    /** A linux image manifest: its config, one or two base layers and a layer of its own. */
    private Blob image(String architecture) throws IOException {
      Instant created = EPOCH.plusSeconds((long) index * imagesPerRepo * 3 + images++);
      List<Blob> own = new ArrayList<>(List.of(base.get(0)));
      if (base.size() > 1 && random.nextBoolean()) {
        own.add(base.get(1 + random.nextInt(base.size() - 1)));
      }
      own.add(blob(randomBytes(random, 512 + random.nextInt(3584))));
      StringBuilder diffIds = new StringBuilder();
      for (Blob layer : own) {
        diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(layer.digest)
            .append('"');
      }
      Blob config = blob(("{\"architecture\":\"" + architecture + "\",\"created\":\"" + created
          + "\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[" + diffIds
          + "],\"type\":\"layers\"}}").getBytes(StandardCharsets.UTF_8));
      writeBlob(v2, config, blobs);
      configs.put(config.digest, true);
      link(config);
      for (Blob layer : own) {
        writeBlob(v2, layer, blobs);
        layers.put(layer.digest, true);
        link(layer);
      }
      return manifest(imageManifest(config, OCI_CONFIG, own, OCI_LAYER));
    }

    /** An SBOM for {@code subject}: the empty config and one SPDX document. */
    private Blob sbom(Blob subject) throws IOException {
      Blob document = blob(("{\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"" + subject.digest
          + "\",\"spdxVersion\":\"SPDX-2.3\"}").getBytes(StandardCharsets.UTF_8));
      writeBlob(v2, document, blobs);
      layers.put(document.digest, true);
      writeBlob(v2, emptyConfig, blobs);
      configs.put(emptyConfig.digest, true);
      link(emptyConfig);
      link(document);
      return manifest(imageManifest(emptyConfig, OCI_CONFIG, List.of(document), SPDX));
    }

    private Blob manifest(byte[] json) throws IOException {
      Blob m = blob(json);
      writeBlob(v2, m, blobs);
      writeLink(dir.resolve("_manifests/revisions/sha256").resolve(m.digest.substring(7)), m);
      return m;
    }

    private void link(Blob b) throws IOException {
      writeLink(dir.resolve("_layers/sha256").resolve(b.digest.substring(7)), b);
    }

    private void tag(String tag, Blob manifest, Map<String, String> tags) throws IOException {
      Path t = dir.resolve("_manifests/tags").resolve(tag);
      writeLink(t.resolve("current"), manifest);
      writeLink(t.resolve("index/sha256").resolve(manifest.digest.substring(7)), manifest);
      tags.put(tag, manifest.digest);
    }
  }

  static byte[] imageManifest(Blob config, String configType, List<Blob> layers,
      String layerType) {
    StringBuilder json = new StringBuilder("{\"config\":").append(descriptor(config, configType))
        .append(",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      json.append(i == 0 ? "" : ",").append(descriptor(layers.get(i), layerType));
    }
    return json.append("],\"mediaType\":\"").append(OCI_MANIFEST)
        .append("\",\"schemaVersion\":2}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] index(Blob amd64, Blob arm64) {
    return ("{\"manifests\":[" + child(amd64, "amd64") + "," + child(arm64, "arm64")
        + "],\"mediaType\":\"" + OCI_INDEX + "\",\"schemaVersion\":2}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String child(Blob m, String architecture) {
    return "{\"digest\":\"" + m.digest + "\",\"mediaType\":\"" + OCI_MANIFEST
        + "\",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"},\"size\":"
        + m.bytes.length + "}";
  }

  private static String descriptor(Blob b, String mediaType) {
    return "{\"digest\":\"" + b.digest + "\",\"mediaType\":\"" + mediaType + "\",\"size\":"
        + b.bytes.length + "}";
  }

  record Blob(String digest, byte[] bytes) {}

  static Blob blob(byte[] bytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return new Blob("sha256:" + HexFormat.of().formatHex(sha.digest(bytes)), bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(SplittableRandom random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i += 8) {
      long value = random.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) {
        bytes[i + j] = (byte) (value >>> (8 * j));
      }
    }
    return bytes;
  }

  /** Writes a blob's {@code data} once; later writers of the same digest do nothing. */
  private static void writeBlob(Path v2, Blob b, Map<String, Long> written) throws IOException {
    if (written.putIfAbsent(b.digest, (long) b.bytes.length) != null) {
      return;
    }
    String hex = b.digest.substring(7);
    Path dir = v2.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    Files.createDirectories(dir);
    Files.write(dir.resolve("data"), b.bytes);
  }

  private static void writeLink(Path dir, Blob b) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("link"), b.digest, StandardCharsets.US_ASCII);
  }

  /** How the layout is shaped; deterministic from the seed. */
  public static final class Builder {
    private int repos = 20;
    private int tagsPerRepo = 150;
    private int manifests = 600;
    private double indexShare = 0.1;
    private double sbomShare = 0.1;
    private int baseLayers = 4;
    private long seed = 1;

    public Builder repos(int value) {
      repos = value;
      return this;
    }

    public Builder tagsPerRepo(int value) {
      tagsPerRepo = value;
      return this;
    }

    /** Distinct top-level images (plain manifests and indexes) over all repositories. */
    public Builder manifests(int value) {
      manifests = value;
      return this;
    }

    public Builder indexShare(double value) {
      indexShare = value;
      return this;
    }

    public Builder sbomShare(double value) {
      sbomShare = value;
      return this;
    }

    public Builder baseLayers(int value) {
      baseLayers = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public RegistryLayout build() {
      if (repos < 1 || repos > 10_000 || baseLayers < 1 || indexShare < 0 || indexShare > 1
          || sbomShare < 0 || sbomShare > 1) {
        throw new IllegalArgumentException("repos 1..10000, baseLayers >= 1, shares 0..1");
      }
      return new RegistryLayout(this);
    }
  }
}
