package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import dev.slim.plan.ContainerConfig;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.LayerEntry;
import dev.slim.plan.LayerPlan;
import dev.slim.plan.PlanRequest;
import dev.slim.testing.ImageCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAssemblerTest {

  @TempDir Path tmp;

  private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L);

  private static ImagePlan plan(Path binary, ImageFormat format) {
    return plan(binary, format, PlanRequest.DEFAULT_COMPRESSION_LEVEL);
  }

  private static ImagePlan plan(Path binary, ImageFormat format, int level) {
    LayerPlan layer = new LayerPlan("binary /usr/bin/app", List.of(
        LayerEntry.file("/usr/bin/app", binary, 0755, 0, 0),
        LayerEntry.directory("/usr", 0755, 0, 0),
        LayerEntry.directory("/usr/bin", 0755, 0, 0)));
    ContainerConfig config = new ContainerConfig(List.of("/usr/bin/app"), List.of("--serve"),
        List.of("A=1"), new TreeMap<>(Map.of("team", "core")), new TreeSet<>(List.of("8080/tcp")),
        "65532:65532", "/");
    return new ImagePlan(Platform.linux("amd64"), List.of(layer), config, CREATED,
        new TreeMap<>(Map.of("org.opencontainers.image.base.name", "scratch")), format,
        List.of(), level);
  }

  private Path copy(String name, String perms, long mtime) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "src");
    Path file = dir.resolve(name);
    Files.write(file, "not really a binary, but bytes are bytes\n".repeat(5000).getBytes());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    return file;
  }

  @Test
  void sameInputGivesSameDigestWhateverTheFilesPathModeAndTime() throws IOException {
    BuiltImage a = ImageAssembler.assemble(plan(copy("a", "rwx------", 1000), ImageFormat.OCI),
        tmp.resolve("blobs-a"), Progress.NONE);
    BuiltImage b = ImageAssembler.assemble(plan(copy("b", "rw-r--r--", 99_000_000), ImageFormat.OCI),
        tmp.resolve("blobs-b"), Progress.NONE);
    assertThat(a.digest()).isEqualTo(b.digest());
    assertThat(a.manifestBytes()).isEqualTo(b.manifestBytes());
  }

  @Test
  void levelsOneAndNineGiveOtherLayerDigestsOfTheSameTar() throws IOException {
    Path binary = Path.of(System.getProperty("slim.fixtures", "../fixtures"),
        "go-hello-linux-amd64");
    BuiltLayer one = ImageAssembler.assemble(plan(binary, ImageFormat.OCI, 1),
        tmp.resolve("one"), Progress.NONE).layers().get(0);
    BuiltLayer six = ImageAssembler.assemble(plan(binary, ImageFormat.OCI),
        tmp.resolve("six"), Progress.NONE).layers().get(0);
    BuiltLayer nine = ImageAssembler.assemble(plan(binary, ImageFormat.OCI, 9),
        tmp.resolve("nine"), Progress.NONE).layers().get(0);

    assertThat(List.of(one.blob().digest(), six.blob().digest(), nine.blob().digest()))
        .doesNotHaveDuplicates();
    assertThat(one.blob().size()).isGreaterThan(nine.blob().size());
    byte[] tar = ParallelGzipTest.gunzip(Files.readAllBytes(six.local().orElseThrow()));
    assertThat(ParallelGzipTest.gunzip(Files.readAllBytes(one.local().orElseThrow())))
        .isEqualTo(tar);
    assertThat(ParallelGzipTest.gunzip(Files.readAllBytes(nine.local().orElseThrow())))
        .isEqualTo(tar);
    assertThat(one.diffId()).isEqualTo(six.diffId()).isEqualTo(nine.diffId());
  }

  @Test
  void changedContentWithUnchangedMtimeGivesANewLayer() throws IOException {
    Path file = copy("app", "rwxr-xr-x", 5000);
    BuiltImage first = ImageAssembler.assemble(plan(file, ImageFormat.OCI), tmp.resolve("one"),
        Progress.NONE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 1;
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.fromMillis(5000));
    BuiltImage second = ImageAssembler.assemble(plan(file, ImageFormat.OCI), tmp.resolve("two"),
        Progress.NONE);
    assertThat(second.layers().get(0).blob().digest())
        .isNotEqualTo(first.layers().get(0).blob().digest());
  }

  @Test
  void writesFixedModesOwnersAndTimesIntoTheLayer() throws IOException {
    Path file = copy("app", "rw-------", 123456);
    BuiltImage image = ImageAssembler.assemble(plan(file, ImageFormat.OCI), tmp.resolve("blobs"),
        Progress.NONE);
    Path layout = tmp.resolve("layout");
    writeLayout(image, layout);
    var files = ImageCheck.newFileMap();
    JsonNode config = ImageCheck.checkLayout(layout, files);
    List<ImageCheck.TarFile> entries = files.values().iterator().next();
    assertThat(entries).extracting(ImageCheck.TarFile::name)
        .containsExactly("usr/", "usr/bin/", "usr/bin/app");
    ImageCheck.TarFile app = entries.get(2);
    assertThat(app.mode()).isEqualTo(0755);
    assertThat(app.uid()).isZero();
    assertThat(app.gid()).isZero();
    assertThat(app.mtime()).isEqualTo(CREATED.getEpochSecond());
    assertThat(app.content()).isEqualTo(Files.readAllBytes(file));
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532:65532");
    assertThat(config.path("config").path("Entrypoint").get(0).asText()).isEqualTo("/usr/bin/app");
    assertThat(config.path("config").path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void dockerFormatUsesDockerMediaTypesAndNoAnnotations() throws IOException {
    BuiltImage image = ImageAssembler.assemble(
        plan(copy("app", "rwxr-xr-x", 1), ImageFormat.DOCKER), tmp.resolve("d"), Progress.NONE);
    String manifest = new String(image.manifestBytes());
    assertThat(image.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(manifest).contains(MediaTypes.DOCKER_LAYER).doesNotContain("annotations");
  }

  @Test
  void archiveIsAnOciLayoutWithADockerManifest() throws IOException {
    BuiltImage image = ImageAssembler.assemble(plan(copy("app", "rwxr-xr-x", 1), ImageFormat.OCI),
        tmp.resolve("blobs"), Progress.NONE);
    Path archive = tmp.resolve("out/app.tar");
    ImageArchive.write(image, "example.com/app:1.0", "1.0", archive);
    List<ImageCheck.TarFile> entries = ImageCheck.readTar(Files.readAllBytes(archive));
    assertThat(entries).extracting(ImageCheck.TarFile::name)
        .contains("oci-layout", "index.json", "manifest.json",
            "blobs/sha256/" + image.manifest().hex(), "blobs/sha256/" + image.config().hex());
    String dockerManifest = new String(entries.stream()
        .filter(e -> e.name().equals("manifest.json")).findFirst().orElseThrow().content());
    assertThat(dockerManifest).contains("\"RepoTags\":[\"example.com/app:1.0\"]");
    try (var siblings = Files.list(archive.getParent())) {
      assertThat(siblings).containsExactly(archive);
    }
  }

  /** Extracts the archive the way a user would, to check it as an OCI layout. */
  private static void writeLayout(BuiltImage image, Path layout) throws IOException {
    Path archive = layout.resolveSibling("layout.tar");
    ImageArchive.write(image, "app:latest", "latest", archive);
    ImageCheck.unpack(archive, layout);
  }
}
