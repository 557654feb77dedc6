package dev.slim.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generators for the property tests (QuickTheories), shaped so that a property sees what matters
 * in its range, not only what a uniform draw makes likely.
 *
 * <ul>
 *   <li>Numbers: in 5 of 100 draws an edge (the ends of the range, their neighbours, and 0, 1, 2,
 *       -1, -2 where they are in it); otherwise mostly near the low end, spread evenly over the
 *       orders of magnitude (every bit length up to the range's is as likely), and in a quarter
 *       of draws uniformly over the whole range. Ranges of at most 20 values are drawn uniformly.
 *   <li>Strings: in 5 of 100 draws an edge (empty, or one edge character, or the shortest string
 *       of one edge character); otherwise their length is mostly within 32 of the shortest, now
 *       and then longer, and in 2 of 100 draws the longest.
 * </ul>
 *
 * <p>Every draw goes through {@link RandomnessSource#next}, so QuickTheories shrinks a failing
 * value towards the low end of its range and towards short strings of the first characters, and
 * a failure is replayed with the seed it prints ({@code -DQT_SEED=...}).
 */
public final class Gens {

  /** Letters a-z and A-Z (what the tests call alpha). */
  public static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** The decimal digits. */
  public static final String DIGITS = "0123456789";

  private static final Constraint PERCENT = Constraint.between(0, 99);
  private static final int EDGE_PERCENT = 5;
  private static final int UNIFORM_PERCENT = 25;
  private static final long SMALL_RANGE = 20;
  private static final int SHORT = 32;

  /**
   * Characters of the Basic Multilingual Plane that are real text: no surrogate halves, no
   * noncharacters (U+FDD0..U+FDEF, U+FFFE, U+FFFF) and no private use (U+E000..U+F8FF).
   */
  private static final int[][] TEXT_CHARS = {{0x0000, 0xD7FF}, {0xF900, 0xFDCF}, {0xFDF0, 0xFFFD}};

  private Gens() {}

  /** Longs from {@code min} to {@code max} (both included, {@code 0 <= min <= max}). */
  public static Gen<Long> longs(long min, long max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("no range " + min + ".." + max + " (min >= 0)");
    }
    List<Long> edges = edges(min, max);
    Constraint edge = Constraint.between(0, edges.size() - 1);
    Constraint whole = Constraint.between(min, max);
    long span = max - min;
    return rnd -> {
      long way = rnd.next(PERCENT);
      if (way < EDGE_PERCENT) {
        return edges.get((int) rnd.next(edge));
      }
      if (span <= SMALL_RANGE || way >= 100 - UNIFORM_PERCENT) {
        return rnd.next(whole);
      }
      return min + nearZero(rnd, span);
    };
  }

  /** Ints from {@code min} to {@code max} (both included, {@code 0 <= min <= max}). */
  public static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Any long at all: negative ones, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} too. */
  public static Gen<Long> anyLong() {
    List<Long> edges = List.of(0L, -2L, -1L, 2L, 1L, Long.MIN_VALUE, Long.MIN_VALUE + 1,
        Long.MAX_VALUE, Long.MAX_VALUE - 1);
    Constraint edge = Constraint.between(0, edges.size() - 1);
    return rnd -> {
      long way = rnd.next(PERCENT);
      if (way < EDGE_PERCENT) {
        return edges.get((int) rnd.next(edge));
      }
      if (way >= 100 - UNIFORM_PERCENT) {
        return rnd.next(Constraint.none());
      }
      long magnitude = nearZero(rnd, Long.MAX_VALUE);
      // ~m is -m - 1: the negative side reaches Long.MIN_VALUE
      return rnd.next(Constraint.zeroToOne()) == 0 ? magnitude : ~magnitude;
    };
  }

  /** Strings of characters from {@code alphabet}, {@code minLength} to {@code maxLength} long. */
  public static Gen<String> strings(String alphabet, int minLength, int maxLength) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("no characters to draw from");
    }
    Constraint index = Constraint.between(0, alphabet.length() - 1);
    Gen<Character> chars = rnd -> alphabet.charAt((int) rnd.next(index));
    return strings(chars, List.of(alphabet.charAt(0), alphabet.charAt(alphabet.length() - 1)),
        minLength, maxLength);
  }

  /** Strings of characters from {@code first} to {@code last}, {@code minLength} to
   * {@code maxLength} long. */
  public static Gen<String> strings(char first, char last, int minLength, int maxLength) {
    Constraint range = Constraint.between(first, last);
    Gen<Character> chars = rnd -> (char) rnd.next(range);
    return strings(chars, List.of(first, last), minLength, maxLength);
  }

  /**
   * Strings of any text characters of the Basic Multilingual Plane (see {@link #TEXT_CHARS}),
   * {@code minLength} to {@code maxLength} long.
   */
  public static Gen<String> text(int minLength, int maxLength) {
    long count = 0;
    for (int[] range : TEXT_CHARS) {
      count += range[1] - range[0] + 1;
    }
    Constraint index = Constraint.between(0, count - 1);
    Gen<Character> chars = rnd -> {
      long i = rnd.next(index);
      for (int[] range : TEXT_CHARS) {
        int size = range[1] - range[0] + 1;
        if (i < size) {
          return (char) (range[0] + i);
        }
        i -= size;
      }
      throw new AssertionError(i);
    };
    return strings(chars, List.of('\u0000', ' ', '\uFFFD'), minLength, maxLength);
  }

  private static Gen<String> strings(Gen<Character> chars, List<Character> edgeChars,
      int minLength, int maxLength) {
    if (minLength < 0 || maxLength < minLength) {
      throw new IllegalArgumentException("no lengths " + minLength + ".." + maxLength);
    }
    List<String> edges = new ArrayList<>();
    if (minLength == 0) {
      edges.add("");
    }
    for (char c : edgeChars) {
      if (minLength <= 1 && maxLength >= 1) {
        edges.add(String.valueOf(c));
      } else if (minLength > 1) {
        edges.add(String.valueOf(c).repeat(minLength));
      }
    }
    Constraint edge = Constraint.between(0, edges.size() - 1);
    Gen<Integer> lengths = lengths(minLength, maxLength);
    return rnd -> {
      if (rnd.next(PERCENT) < EDGE_PERCENT) {
        return edges.get((int) rnd.next(edge));
      }
      int length = lengths.generate(rnd);
      StringBuilder s = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        s.append((char) chars.generate(rnd));
      }
      return s.toString();
    };
  }

  /** Mostly within {@link #SHORT} of the shortest, 10 in 100 longer, 2 in 100 the longest. */
  private static Gen<Integer> lengths(int min, int max) {
    Constraint all = Constraint.between(min, max);
    if (max - min <= SHORT) {
      return rnd -> (int) rnd.next(all);
    }
    int cutoff = min + SHORT;
    Constraint shortOnes = Constraint.between(min, cutoff);
    Constraint longOnes = Constraint.between(cutoff + 1, max);
    return rnd -> {
      long way = rnd.next(PERCENT);
      if (way >= 98) {
        return max;
      }
      return (int) rnd.next(way >= 88 ? longOnes : shortOnes);
    };
  }

  /** From 0 to {@code span}: a bit length first (each as likely), then a value of that length. */
  private static long nearZero(RandomnessSource rnd, long span) {
    int bits = 64 - Long.numberOfLeadingZeros(span);
    int k = (int) rnd.next(Constraint.between(0, bits));
    if (k == 0) {
      return 0;
    }
    long low = 1L << (k - 1);
    long high = k == 63 ? Long.MAX_VALUE : (1L << k) - 1;
    return rnd.next(Constraint.between(low, Math.min(high, span)));
  }

  /** The ends and their neighbours, and 0, 1, 2, -1, -2 where they are in the range. */
  private static List<Long> edges(long min, long max) {
    Set<Long> edges = new LinkedHashSet<>();
    for (long e : new long[] {min, min + 1, max - 1, max, 0, 1, 2, -1, -2}) {
      if (e >= min && e <= max) {
        edges.add(e);
      }
    }
    return List.copyOf(edges);
  }
}
