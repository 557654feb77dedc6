package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.oci.Platform;
import dev.slim.push.Baseline;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline lookup, run in the background while the layers compress: it needs only the
 * platforms. Closing it stops a lookup nobody waits for.
 */
final class BaselineLookup implements AutoCloseable {

  private final ExecutorService executor;
  private final CompletableFuture<Baseline.Lookup> result;

  private BaselineLookup(ExecutorService executor, CompletableFuture<Baseline.Lookup> result) {
    this.executor = executor;
    this.result = result;
  }

  /** Starts looking {@code source} up for {@code platforms}; with {@code wanted} false, nothing. */
  static BaselineLookup start(BaselineSource source, boolean wanted, Sessions sessions,
      List<Platform> platforms) {
    if (!wanted) {
      return new BaselineLookup(null, null);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "slim-baseline");
      thread.setDaemon(true);
      return thread;
    });
    return new BaselineLookup(executor, CompletableFuture.supplyAsync(() -> {
      try {
        return source.find(sessions, platforms);
      } catch (SlimException e) {
        throw new CompletionException(e);
      }
    }, executor));
  }

  /** What the lookup found, or empty when none was started. */
  Optional<Baseline.Lookup> await() throws SlimException, IOException {
    if (result == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(result.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the baseline", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SlimException slim) {
        throw slim;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("baseline lookup failed", e.getCause());
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
