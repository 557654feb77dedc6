package dev.slim.registry;

/**
 * One back-off gate per registry, shared by every thread that talks to it: when the registry
 * answers one request 429 or 503, every request waits until the time it named (or the default
 * wait) has passed, not only the one that was told. So a report reading with eight workers sends
 * at most the requests already in flight while the registry is busy, then waits, instead of
 * eight workers each hammering it on their own schedule. Thread-safe.
 */
final class Backoff {

  /** Monotonic time ({@link System#nanoTime}) before which no request is sent. */
  private long openAt = System.nanoTime();

  /** Closes the gate for {@code millis} from now, unless it is closed for longer already. */
  synchronized void hold(long millis) {
    long until = System.nanoTime() + millis * 1_000_000L;
    if (until - openAt > 0) {
      openAt = until;
    }
  }

  /** How long, in milliseconds rounded up, the gate stays closed; 0 when it is open. */
  synchronized long remainingMillis() {
    long left = openAt - System.nanoTime();
    return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
  }

  /** Waits until the gate is open (it may be closed again while waiting). */
  void await() throws InterruptedException {
    long left;
    while ((left = remainingMillis()) > 0) {
      Thread.sleep(left);
    }
  }
}
