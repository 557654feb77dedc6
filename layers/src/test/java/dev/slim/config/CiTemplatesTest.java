package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.config.Starter.Ci;
import dev.slim.config.Starter.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every CI template slim init can write (both CIs, each toolchain, with and without -i), parsed
 * as YAML: the steps and jobs CI needs, the toolchain, secrets through the environment only, and
 * every action and image pinned to a version.
 */
class CiTemplatesTest {

  private static final String IMAGE = "ghcr.io/team/app:1";
  private static final String BUILD = "make app";
  /** A full version (a major tag such as v4 moves) or a commit. */
  private static final Pattern PINNED_ACTION =
      Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@(v\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");
  private static final Pattern PINNED_IMAGE =
      Pattern.compile("[a-z0-9._/-]+:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]*");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> workflow) {
    return (List<Map<String, Object>>) map(map(workflow.get("jobs")).get("image")).get("steps");
  }

  private static List<String> uses(List<Map<String, Object>> steps) {
    return steps.stream().filter(s -> s.containsKey("uses")).map(s -> (String) s.get("uses"))
        .toList();
  }

  private static Map<String, Object> step(List<Map<String, Object>> steps, String name) {
    return steps.stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow(
        () -> new AssertionError("no step '" + name + "' in " + steps));
  }

  @Test
  void githubWorkflowsRunAsWritten() {
    for (Toolchain toolchain : Toolchain.values()) {
      for (String image : Arrays.asList(null, IMAGE)) {
        String text = Starter.ci(Ci.GITHUB, toolchain, BUILD, "./app", image);
        String what = toolchain + ", -i " + image;
        assertThat(text).as(what).doesNotContain("#@").doesNotContain("@@");
        Map<String, Object> wf = yaml(text);
        assertThat(wf).as(what).containsKeys("name", "on", "permissions", "jobs");
        Map<String, Object> job = map(map(wf.get("jobs")).get("image"));
        assertThat(job.get("runs-on")).isEqualTo("ubuntu-24.04");
        assertThat(map(job.get("env"))).containsEntry("SLIM_VERSION", Starter.slimVersion())
            .containsEntry("SLIM_DIST_URL", "${{ vars.SLIM_DIST_URL }}");
        List<Map<String, Object>> steps = steps(wf);
        List<String> runs = new ArrayList<>();
        for (Map<String, Object> s : steps) {
          assertThat(s.containsKey("uses") ^ s.containsKey("run"))
              .as("%s: a step has exactly one of uses/run: %s", what, s).isTrue();
          if (s.containsKey("run")) {
            runs.add((String) s.get("run"));
          }
        }
        for (String run : runs) {
          assertThat(run).as("%s: no expression inside run:", what).doesNotContain("${{");
        }
        for (String action : uses(steps)) {
          assertThat(action).as(what).matches(PINNED_ACTION);
        }
        List<String> names = uses(steps).stream().map(u -> u.substring(0, u.indexOf('@')))
            .toList();
        assertThat(names).as(what).containsExactlyElementsOf(switch (toolchain) {
          case GO -> List.of("actions/checkout", "actions/setup-go", "actions/setup-java",
              "actions/upload-artifact");
          case RUST -> List.of("actions/checkout", "dtolnay/rust-toolchain",
              "actions/setup-java", "actions/upload-artifact");
          case OTHER -> List.of("actions/checkout", "actions/setup-java",
              "actions/upload-artifact");
        });
        assertThat(map(step(steps, "Set up Java 17 for slim").get("with")))
            .isEqualTo(Map.of("distribution", "temurin", "java-version", "17"));
        if (toolchain == Toolchain.GO) {
          assertThat(map(step(steps, "Set up Go (the version in go.mod)").get("with")))
              .isEqualTo(Map.of("go-version-file", "go.mod"));
        }
        if (toolchain == Toolchain.RUST) {
          assertThat(map(step(steps, "Set up Rust with the musl target").get("with")))
              .isEqualTo(Map.of("toolchain", "1.87.0", "targets", "x86_64-unknown-linux-musl"));
        }
        assertThat(step(steps, "Build the binary").get("run")).isEqualTo(BUILD + "\n");
        assertThat((String) step(steps, "Install slim").get("run"))
            .contains("curl -fsSLO \"${SLIM_DIST_URL%/}/slim-$SLIM_VERSION.tar.gz\"\n")
            .contains("sha256sum -c \"slim-$SLIM_VERSION.tar.gz.sha256\"\n")
            .contains("echo \"$RUNNER_TEMP/slim-$SLIM_VERSION/bin\" >> \"$GITHUB_PATH\"\n");
        Map<String, Object> push = step(steps, "slim build --push");
        assertThat(map(push.get("env"))).isEqualTo(Map.of(
            "REGISTRY_USER", "${{ github.actor }}",
            "REGISTRY_PASSWORD", "${{ secrets.GITHUB_TOKEN }}"));
        String pushRun = (String) push.get("run");
        if (image == null) {
          assertThat(step(steps, "Image name").get("run")).isEqualTo(
              "echo \"SLIM_IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}:$GITHUB_SHA\" >> \"$GITHUB_ENV\"");
          assertThat(pushRun).contains("printf '%s' \"$REGISTRY_PASSWORD\" | slim build . "
              + "--push --image \"$SLIM_IMAGE\" \\\n");
        } else {
          assertThat(steps).noneMatch(s -> "Image name".equals(s.get("name")));
          assertThat(pushRun).contains("printf '%s' \"$REGISTRY_PASSWORD\" | slim build . "
              + "--push \\\n").doesNotContain("--image");
        }
        assertThat(pushRun).contains("--username \"$REGISTRY_USER\" --password-stdin")
            .contains("--digest-file build/image.digest");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void gitlabJobsAreIncludableAndRunAsWritten() {
    for (Toolchain toolchain : Toolchain.values()) {
      for (String image : Arrays.asList(null, IMAGE)) {
        String text = Starter.ci(Ci.GITLAB, toolchain, BUILD, "./app", image);
        String what = toolchain + ", -i " + image;
        assertThat(text).as(what).doesNotContain("#@").doesNotContain("@@")
            .doesNotContain("${{");
        Map<String, Object> ci = yaml(text);
        // no 'stages:' and no other job: the file joins the pipeline that includes it
        assertThat(ci.keySet()).as(what).containsExactly(".slim-build", "slim-image");
        assertThat(map(ci.get("slim-image")))
            .isEqualTo(Map.of("extends", ".slim-build", "stage", "build"));
        Map<String, Object> job = map(ci.get(".slim-build"));
        String jobImage = (String) job.get("image");
        assertThat(jobImage).as(what).matches(PINNED_IMAGE).startsWith(switch (toolchain) {
          case GO -> "golang:1.";
          case RUST -> "rust:1.";
          case OTHER -> "debian:12.";
        });
        List<String> before = (List<String>) job.get("before_script");
        assertThat(before).as(what).contains("apt-get install -y -qq --no-install-recommends "
            + "openjdk-17-jre-headless ca-certificates curl");
        assertThat(before.contains("rustup target add x86_64-unknown-linux-musl")).as(what)
            .isEqualTo(toolchain == Toolchain.RUST);
        assertThat(before.get(before.size() - 1))
            .contains("sha256sum -c \"slim-$SLIM_VERSION.tar.gz.sha256\"\n");
        List<String> script = (List<String>) job.get("script");
        assertThat(script.get(0)).isEqualTo(BUILD + "\n");
        Map<String, Object> variables = map(job.get("variables"));
        String push = script.get(2);
        assertThat(push).startsWith("printf '%s' \"$CI_REGISTRY_PASSWORD\" | "
            + "\"/tmp/slim-$SLIM_VERSION/bin/slim\" build . \\\n");
        if (image == null) {
          assertThat(variables).isEqualTo(Map.of("SLIM_VERSION", Starter.slimVersion(),
              "SLIM_IMAGE", "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"));
          assertThat(push).contains("--push --image \"$SLIM_IMAGE\" --username");
        } else {
          assertThat(variables).isEqualTo(Map.of("SLIM_VERSION", Starter.slimVersion()));
          assertThat(push).contains("--push --username").doesNotContain("--image");
        }
        assertThat(push).contains("--password-stdin");
        assertThat(map(job.get("artifacts")).get("paths")).isEqualTo(List.of(
            "build/image.digest", "build/slim-report.md", "build/slim-report.json"));
      }
    }
  }

  @Test
  void imageNameStepLowercasesTheRepository(@TempDir Path tmp) throws Exception {
    List<Map<String, Object>> steps = steps(yaml(Starter.ci(Ci.GITHUB, Toolchain.GO, BUILD,
        "./app", null)));
    Path env = tmp.resolve("github-env");
    ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c",
        (String) step(steps, "Image name").get("run"));
    bash.environment().putAll(Map.of("GITHUB_REPOSITORY", "My-Org/Web_App",
        "GITHUB_SHA", "0123abc", "GITHUB_ENV", env.toString()));
    Process process = bash.inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(env)).isEqualTo("SLIM_IMAGE=ghcr.io/my-org/web_app:0123abc\n");
  }

  @Test
  void slimVersionIsTheBuildsVersion() {
    assertThat(Starter.slimVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void pinPatternsRejectMovingReferences() {
    assertThat("actions/checkout@v4").doesNotMatch(PINNED_ACTION);
    assertThat("actions/checkout@main").doesNotMatch(PINNED_ACTION);
    assertThat("actions/checkout@v4.2.2").matches(PINNED_ACTION);
    assertThat("golang:latest").doesNotMatch(PINNED_IMAGE);
    assertThat("golang").doesNotMatch(PINNED_IMAGE);
    assertThat("golang:1.24.4-bookworm").matches(PINNED_IMAGE);
  }
}
