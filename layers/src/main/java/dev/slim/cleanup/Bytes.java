package dev.slim.cleanup;

import java.util.Map;

/**
 * Sums of byte counts that never wrap: a sum past {@link Long#MAX_VALUE} stays there (8 EiB, far
 * beyond any registry) instead of turning negative.
 */
final class Bytes {

  private Bytes() {}

  /** {@code a + b}, or {@link Long#MAX_VALUE} when that does not fit; both are not negative. */
  static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /** The values of {@code sizes}, added as {@link #add} does. */
  static long sum(Map<String, Long> sizes) {
    long total = 0;
    for (long size : sizes.values()) {
      total = add(total, size);
    }
    return total;
  }
}
