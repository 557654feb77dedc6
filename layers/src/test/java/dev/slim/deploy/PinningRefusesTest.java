package dev.slim.deploy;

import static dev.slim.deploy.K8sFixtures.API;
import static dev.slim.deploy.K8sFixtures.BUILT;
import static dev.slim.deploy.K8sFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Pinning} refuses, and that a refusal leaves every file as it was. */
class PinningRefusesTest {

  @TempDir Path tmp;

  private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n";

  private Path write(String name, String text) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private PinResult pin(Path... paths) throws Exception {
    return Pinning.pin(new PinRequest(BUILT, List.of(paths), false));
  }

  /** Pinning fails with {@code message}, and no file of {@code files} changed. */
  private void refused(String message, Path... files) throws Exception {
    String[] before = new String[files.length];
    for (int i = 0; i < files.length; i++) {
      before[i] = Files.isRegularFile(files[i]) ? read(files[i]) : null;
    }
    assertThatThrownBy(() -> pin(files)).isInstanceOf(SlimException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((SlimException) e).reason())
            .isEqualTo(SlimException.Reason.USAGE));
    for (int i = 0; i < files.length; i++) {
      assertThat(before[i] == null ? null : read(files[i])).isEqualTo(before[i]);
    }
    try (var left = Files.list(tmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().endsWith(".partial"))).isEmpty();
    }
  }

  @Test
  void yamlThatDoesNotParseNamesFileAndLineAndNoFileIsWritten() throws Exception {
    Path good = write("a.yaml", POD + "  containers:\n  - {name: a, image: "
        + "registry.example.com/shop/api:1}\n");
    Path bad = write("b.yaml", POD + "  containers:\n  - name: a\n   image: [\n");
    refused(bad + ":7: not valid YAML: expected <block end>, but found '<block mapping"
        + " start>'", good, bad);
  }

  @Test
  void anImageInsideAnAnchorIsRefusedNamingTheAnchor() throws Exception {
    Path file = write("a.yaml", POD + "  containers:\n  - &main\n    name: a\n"
        + "    image: registry.example.com/shop/api:1\n  initContainers:\n  - *main\n");
    refused(file + ":8: image registry.example.com/shop/api:1 is inside the YAML anchor &main,"
        + " which aliases may share; slim pin does not rewrite shared values: write the"
        + " container out where it is used", file);
  }

  @Test
  void anAliasedImageValueIsRefused() throws Exception {
    Path file = write("a.yaml", "x-image: &img registry.example.com/shop/api:1\n" + POD
        + "  containers:\n  - {name: a, image: *img}\n");
    refused(file + ":1: image registry.example.com/shop/api:1 is inside the YAML anchor &img,"
        + " which aliases may share; slim pin does not rewrite shared values: write the"
        + " container out where it is used", file);
  }

  @Test
  void anchorsAroundImagesSlimDidNotBuildAreFine() throws Exception {
    Path file = write("a.yaml", POD + "  containers:\n  - &sidecar {name: s, image: envoy:1}\n"
        + "  - {name: a, image: registry.example.com/shop/api:1}\n  initContainers: [*sidecar]\n");
    pin(file);
    assertThat(read(file)).contains("image: registry.example.com/shop/api@" + API + "}")
        .contains("&sidecar {name: s, image: envoy:1}");
  }

  @Test
  void aBlockScalarImageIsRefused() throws Exception {
    Path file = write("a.yaml", POD + "  containers:\n  - name: a\n    image: >-\n"
        + "      registry.example.com/shop/api:1\n");
    refused(file + ":7: image registry.example.com/shop/api:1 is a block scalar (| or >);"
        + " write it as a plain or quoted value for slim pin to rewrite it", file);
  }

  @Test
  void aTaggedImageIsRefused() throws Exception {
    Path file = write("a.yaml", POD + "  containers:\n  - name: a\n"
        + "    image: !!str registry.example.com/shop/api:1\n");
    refused(file + ":7: image registry.example.com/shop/api:1 has a tag, anchor or line break"
        + " in it (!!str registry.example.com/shop/api:1); slim pin rewrites plain or quoted"
        + " one-line values only", file);
  }

  @Test
  void aKustomizationNewNameWithATagIsRefused() throws Exception {
    Path file = write("kustomization.yaml", "images:\n- name: api\n"
        + "  newName: registry.example.com/shop/api:v2\n");
    refused(file + ":3: images entry registry.example.com/shop/api:v2: newName holds a tag or"
        + " digest, which kustomize does not read there; give the name alone and slim pin sets"
        + " digest:", file);
  }

  @Test
  void duplicateKeysAreRefused() throws Exception {
    Path file = write("a.yaml", POD + "  containers:\n  - name: a\n"
        + "    image: registry.example.com/shop/api:1\n    image: other:1\n");
    assertThatThrownBy(() -> pin(file)).isInstanceOf(SlimException.class)
        .hasMessage(file + ":8: duplicate key image (first on line 7)");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws Exception {
    Path file = tmp.resolve("a.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> pin(file)).hasMessage(file + ": not UTF-8 text");
  }

  @Test
  void aMissingPathIsAUsageErrorBeforeAnyFileIsRead() throws Exception {
    Path good = write("a.yaml", POD + "  containers: [{name: a, image: "
        + "registry.example.com/shop/api:1}]\n");
    refused(tmp.resolve("nope") + ": no such file or folder", good, tmp.resolve("nope"));
  }

  @Test
  void aFolderWithoutManifestsIsAUsageError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "image: x\n");
    refused(empty + ": no *.yaml, *.yml or Kustomization file in this folder", empty);
  }

  @Test
  void aLinkToAFolderIsSearchedUnderTheNameGiven() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Files.writeString(real.resolve("a.yaml"), POD + "  containers: [{name: a, image: "
        + "registry.example.com/shop/api:1}]\n");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    PinResult result = Pinning.pin(new PinRequest(BUILT, List.of(link), true));
    assertThat(result.changed()).extracting(PinResult.Change::path)
        .containsExactly(link.resolve("a.yaml"));
  }

  @Test
  void aLinkedFileIsWrittenThroughTheLinkKeepingTheLinkAndTheMode() throws Exception {
    Path target = write("real.yaml", POD + "  containers: [{name: a, image: "
        + "registry.example.com/shop/api:1}]\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), target.getFileName());

    pin(link);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(read(target)).endsWith("image: registry.example.com/shop/api@" + API + "}]\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void crlfLineBreaksStayAndAnInsertedDigestLineUsesThem() throws Exception {
    Path file = write("kustomization.yaml", ("images:\r\n- name: registry.example.com/shop/api"
        + " # ours\r\n- name: other\r\n"));
    pin(file);
    assertThat(read(file)).isEqualTo("images:\r\n- name: registry.example.com/shop/api # ours"
        + "\r\n  digest: " + API + "\r\n- name: other\r\n");
  }

  @Test
  void textBeyondTheBasicPlaneBeforeAnImageKeepsOffsetsRight() throws Exception {
    Path file = write("a.yaml", "# 😀😀 emoji take two chars each in Java\n" + POD
        + "  containers: [{name: \"😀\", image: registry.example.com/shop/api:1}]\n");
    pin(file);
    assertThat(read(file)).isEqualTo("# 😀😀 emoji take two chars each in Java\n" + POD
        + "  containers: [{name: \"😀\", image: registry.example.com/shop/api@" + API + "}]\n");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).contains("😀");
  }
}
