package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  void githubWorkflowHasTheJobStepsGitHubRequires() throws Exception {
    for (String text : List.of(Starter.template(Starter.Ci.GITHUB),
        Starter.ci(Starter.Ci.GITHUB, "CGO_ENABLED=0 go build -o ./app .", "./app"))) {
      Map<String, Object> wf = yaml(text);
      assertThat(wf).containsKeys("name", "on", "jobs");
      Map<String, Object> job = map(map(wf.get("jobs")).get("image"));
      assertThat(job).containsKeys("runs-on", "steps");
      List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
      for (Map<String, Object> step : steps) {
        assertThat(step.containsKey("uses") ^ step.containsKey("run"))
            .as("a step has exactly one of uses/run: %s", step).isTrue();
      }
      String all = steps.toString();
      assertThat(all).contains("slim build").contains("--push").contains("--report-markdown")
          .contains("--digest-file").contains("actions/upload-artifact");
    }
    assertThat(Starter.ci(Starter.Ci.GITHUB, "make app", "./app")).contains("make app")
        .doesNotContain("@@");
  }

  @Test
  void gitlabJobHasScriptAndArtifacts() throws Exception {
    String text = Starter.ci(Starter.Ci.GITLAB, "cargo build --release", "./app");
    Map<String, Object> ci = yaml(text);
    Map<String, Object> job = map(ci.get("slim-image"));
    assertThat(job).containsKeys("stage", "image", "script", "artifacts");
    assertThat((List<String>) ci.get("stages")).contains((String) job.get("stage"));
    assertThat(job.get("script").toString()).contains("cargo build --release")
        .contains("slim.jar build . --push").contains("--digest-file build/image.digest");
    assertThat(map(job.get("artifacts")).get("paths").toString()).contains("build/image.digest")
        .contains("build/slim-report.md");
  }

  @Test
  void initWritesFilesAndRefusesToOverwrite() throws Exception {
    List<Path> written = Starter.init(new Starter.Request(dir, "./app", null, "make",
        Starter.Ci.GITHUB, false));
    assertThat(written).containsExactly(dir.resolve("slim.yaml"),
        dir.resolve(".github/workflows/slim.yml"));
    assertThatThrownBy(() -> Starter.init(new Starter.Request(dir, "./app", null, null, null,
        false))).hasMessage(dir.resolve("slim.yaml") + " exists; use --force to overwrite it");
  }
}
