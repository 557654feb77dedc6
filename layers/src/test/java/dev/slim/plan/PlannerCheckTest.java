package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slim.SlimException;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.oci.Platform;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link Planner#check} refuses what {@link Planner#plan} refuses, with the same words. */
class PlannerCheckTest {

  private static Inspection inspect(String name) throws Exception {
    return Inspector.inspect(
        Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath());
  }

  private static void sameRefusal(Inspection binary, PlanRequest request) {
    SlimException checked = catchThrowableOfType(() -> Planner.check(binary, request),
        SlimException.class);
    SlimException planned = catchThrowableOfType(() -> Planner.plan(binary, request),
        SlimException.class);
    assertThat(checked).as("check refuses").isNotNull();
    assertThat(planned).as("plan refuses").isNotNull();
    assertThat(checked.reason()).isEqualTo(planned.reason());
    assertThat(checked.getMessage()).isEqualTo(planned.getMessage());
  }

  @Test
  void refusesADynamicBinaryAsPlanDoes() throws Exception {
    sameRefusal(inspect("c-dynamic"), PlanRequest.builder().build());
  }

  @Test
  void refusesAPlatformTheBinaryIsNotBuiltFor() throws Exception {
    sameRefusal(inspect("go-hello-linux-amd64"),
        PlanRequest.builder().platform(Platform.parse("linux/arm64")).build());
  }

  @Test
  void refusesARelativePath() throws Exception {
    sameRefusal(inspect("go-hello-linux-amd64"), PlanRequest.builder().path("app").build());
  }

  @Test
  void acceptsWhatPlanAccepts() throws Exception {
    Inspection binary = inspect("go-hello-linux-amd64");
    assertThatCode(() -> Planner.check(binary, PlanRequest.builder().build())).doesNotThrowAnyException();
    assertThatCode(() -> Planner.plan(binary, PlanRequest.builder().build())).doesNotThrowAnyException();
  }
}
