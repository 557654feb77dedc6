package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.QuirkProxy;
import dev.slim.testing.QuirkProxy.Reply;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry that tells one of eight workers to wait (429, {@code Retry-After: 2}) in the middle
 * of a report of 1,200 tags that {@link RegistryLayout} wrote into Debian's docker-registry: every
 * worker waits, not only the one told, and the report is still exact.
 */
class BusyRegistryIT {

  private static final int JOBS = 8;
  private static final int PROBES = 3;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyWorkerWaitsWhenOneIsToldToAndTheReportStaysExact() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      RegistryLayout.Summary layout = RegistryLayout.builder().repos(6).tagsPerRepo(200)
          .manifests(120).indexShare(0.1).sbomShare(0.1).baseLayers(4).seed(7).build()
          .write(registry.storageDir());
      try (QuirkProxy proxy = QuirkProxy.start(registry.port())) {
        AtomicInteger manifestReads = new AtomicInteger();
        String third = "/v2/" + RegistryLayout.repository(2) + "/manifests/";
        AtomicLong toldAt = new AtomicLong();
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        proxy.on("GET", "/v2/.+", r -> {
          long now = System.nanoTime();
          arrivals.add(now);
          // the first manifest read of the third repository: its other 199 tags are still to
          // read, so workers that did not wait would read them while the registry is busy
          if (r.path().startsWith(third) && manifestReads.incrementAndGet() == 1) {
            toldAt.set(now);
            return new Reply(429, Map.of("Retry-After", "2", "Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
          }
          return null;
        });

        CleanupRequest request = new CleanupRequest(List.of(proxy.host()), Policy.keepAll(),
            false, false, null, null, Set.of(), Map.of(), Instant.parse("2030-01-01T00:00:00Z"),
            JOBS);
        CleanupReport.Totals totals = Cleanup.report(request, Confirmation.yes()).totals();

        assertThat(toldAt.get()).as("the registry said 429 once").isNotZero();
        assertThat(totals.tags()).isEqualTo(layout.tagCount());
        assertThat(totals.images()).isEqualTo(layout.images());
        assertThat(totals.storedBytes()).isEqualTo(layout.storedBytes());
        assertThat(totals.skippedTags()).isZero();
        assertThat(totals.requests()).as("the minimum, the probes and the one retry")
            .isEqualTo(layout.minimumReads(1000, Integer.MAX_VALUE) + PROBES + 1);
        long told = toldAt.get();
        long during = arrivals.stream()
            .filter(t -> t > told && t < told + TimeUnit.MILLISECONDS.toNanos(1900)).count();
        // only requests already past the gate when the 429 came (at most the other workers')
        assertThat(during).as("requests sent while the registry asked to wait").isLessThan(JOBS);
        long after = arrivals.stream().filter(t -> t > told).count();
        assertThat(after).as("the report went on after the wait").isGreaterThan(100);
        System.out.println("429 once with Retry-After: 2; requests in the next 1.9 s: " + during
            + " (" + JOBS + " workers); report requests " + totals.requests());
      }
    }
  }
}
