package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class StarterTest {

  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void starterIsAValidSlimYaml() throws Exception {
    Files.writeString(dir.resolve("app"), "x");
    SlimConfig c = ConfigFile.parse(Starter.starter("./app", "reg/app:1"), "slim.yaml", dir,
        Map.of());
    assertThat(c.image()).isEqualTo("reg/app:1");
    assertThat(c.user()).isEqualTo("65532:65532");
    assertThat(c.digestFile()).isEqualTo("build/image.digest");
  }

  @Test
  void detectsTheToolchainFromTheBuildCommandThenTheFolderThenTheBinary() throws Exception {
    assertThat(Starter.detect(dir, "cargo build --release --target x86_64-unknown-linux-musl",
        "./app")).isEqualTo(Starter.Toolchain.RUST);
    assertThat(Starter.detect(dir, "CGO_ENABLED=0 go build -o ./app .", "./app"))
        .isEqualTo(Starter.Toolchain.GO);
    assertThat(Starter.detect(dir, "cd cmd && go install ./...", "./app"))
        .isEqualTo(Starter.Toolchain.GO);
    assertThat(Starter.detect(dir, "make app", "./app")).isEqualTo(Starter.Toolchain.OTHER);
    assertThat(Starter.detect(dir, "gocargo build", "./app")).isEqualTo(Starter.Toolchain.OTHER);
    assertThat(Starter.detect(dir, null, "./target/x86_64-unknown-linux-musl/release/app"))
        .isEqualTo(Starter.Toolchain.RUST);
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\n");
    assertThat(Starter.detect(dir, "make app", "./app")).isEqualTo(Starter.Toolchain.RUST);
    Files.writeString(dir.resolve("go.mod"), "module x\n");
    assertThat(Starter.detect(dir, null, "./app")).isEqualTo(Starter.Toolchain.GO);
    // the build command wins over the files
    assertThat(Starter.detect(dir, "cargo build", "./app")).isEqualTo(Starter.Toolchain.RUST);
  }

  @Test
  void rendersBlocksAndPlaceholdersInOnePass() {
    String template = "a\n#@ go\ngo @@X@@\n#@ end\n  #@ rust\nrust\n  #@ end\nz @@Y@@\n";
    assertThat(CiTemplate.render(template, Set.of("go"), Map.of("X", "@@Y@@", "Y", "y")))
        .isEqualTo("a\ngo @@Y@@\nz y\n");
    assertThat(CiTemplate.render(template, Set.of("rust"), Map.of("X", "x", "Y", "$1\\")))
        .isEqualTo("a\nrust\nz $1\\\n");
    assertThatThrownBy(() -> CiTemplate.render("@@Z@@", Set.of(), Map.of()))
        .hasMessage("CI template: no value for @@Z@@");
    assertThatThrownBy(() -> CiTemplate.render("#@ go\n", Set.of(), Map.of()))
        .hasMessage("CI template: a block without '#@ end'");
    assertThatThrownBy(() -> CiTemplate.render("#@ go\n#@ c\n", Set.of(), Map.of()))
        .hasMessage("CI template: block 'c' inside a block");
  }

  @Test
  void initWritesFilesAndRefusesToOverwrite() throws Exception {
    Starter.Written written = Starter.init(new Starter.Request(dir, "./app", null, "make",
        Starter.Ci.GITLAB, false));
    assertThat(written.toolchain()).isEqualTo(Starter.Toolchain.OTHER);
    assertThat(written.files()).containsExactly(dir.resolve("slim.yaml"),
        dir.resolve(".gitlab/slim.gitlab-ci.yml"));
    assertThatThrownBy(() -> Starter.init(new Starter.Request(dir, "./app", null, null, null,
        false))).hasMessage(dir.resolve("slim.yaml") + " exists; use --force to overwrite it");
  }
}
