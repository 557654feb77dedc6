package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private static final RegistryAccess ANONYMOUS =
      new RegistryAccess(null, null, Set.of(), Map.of());

  @Test
  void oneClientPerRegistryForTheWholeRun() throws Exception {
    Sessions sessions = Sessions.forTarget(ANONYMOUS, "127.0.0.1:5000", "slim");
    RegistryClient first = sessions.client("127.0.0.1:5000");
    assertThat(sessions.client("127.0.0.1:5000")).isSameAs(first);
    assertThat(sessions.client("ghcr.io")).isNotSameAs(first);
    assertThat(sessions.count()).isEqualTo(2);
    assertThat(sessions.requestCount()).as("making a client sends nothing").isZero();
  }

  @Test
  void threadsAskingAtOnceShareOneClient() throws Exception {
    Sessions sessions = Sessions.forAll(ANONYMOUS, "slim-report");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<RegistryClient>> asks = IntStream.range(0, 64)
          .<Callable<RegistryClient>>mapToObj(i -> () -> sessions.client("127.0.0.1:5000"))
          .toList();
      List<RegistryClient> got = pool.invokeAll(asks).stream().map(f -> {
        try {
          return f.get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }).distinct().toList();
      assertThat(got).hasSize(1);
      assertThat(sessions.count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMalformedRegistryNameIsRefusedAndNoSessionIsKept() {
    Sessions sessions = Sessions.forAll(ANONYMOUS, "slim");
    assertThatThrownBy(() -> sessions.client("not a registry"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sessions.count()).isZero();
  }
}
