package dev.slim.deploy;

import static dev.slim.deploy.K8sFixtures.BUILT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Manifests made to hurt a YAML reader: bounded, refused with a message, never a hang. */
class PinningHostileTest {

  @TempDir Path tmp;

  private Path write(String text) throws Exception {
    return Files.writeString(tmp.resolve("m.yaml"), text);
  }

  private PinResult pin(Path file) throws Exception {
    return Pinning.pin(new PinRequest(BUILT, List.of(file), false));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void nestingDeeperThanTheLimitIsRefusedBeforeTheComposerRecurses() throws Exception {
    Path file = write("kind: Pod\napiVersion: v1\nspec: " + "[".repeat(50_000)
        + "]".repeat(50_000) + "\n");
    assertThatThrownBy(() -> pin(file)).isInstanceOf(SlimException.class)
        .hasMessage(file + ":3: nested more than 200 levels deep");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aBillionLaughsIsRefused() throws Exception {
    StringBuilder text = new StringBuilder("kind: Pod\napiVersion: v1\na0: &a0 [x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      text.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
          .append(", *a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    Path file = write(text.toString());
    assertThatThrownBy(() -> pin(file)).isInstanceOf(SlimException.class)
        .hasMessageStartingWith(file + ":").hasMessageContaining("not valid YAML");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFewSharedAliasesAreWalkedOnce() throws Exception {
    StringBuilder text = new StringBuilder("kind: Pod\napiVersion: v1\na0: &a0 [x]\n");
    for (int i = 1; i < 12; i++) {
      text.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
          .append(", *a").append(i - 1).append("]\n");
    }
    text.append("spec:\n  containers: [{name: a, image: registry.example.com/shop/api:1}]\n");
    Path file = write(text.toString());
    assertThat(pin(file).fields()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aLargeFileWithManyImagesIsPinnedWhole() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: p").append(i)
          .append("}\nspec:\n  containers:\n  - name: a\n    image: ")
          .append(i % 2 == 0 ? "registry.example.com/shop/api:" : "other/x:").append(i)
          .append("\n");
    }
    Path file = write(text.toString());
    PinResult result = pin(file);
    assertThat(result.fields()).isEqualTo(1000);
    assertThat(Files.readString(file)).doesNotContain("shop/api:").contains("other/x:1999");
  }
}
