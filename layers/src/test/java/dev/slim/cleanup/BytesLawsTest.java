package dev.slim.cleanup;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte sums in the report never wrap: past 8 EiB they stay at the largest long. */
class BytesLawsTest {

  @Test
  void aSumIsTheExactSumOrTheLargestLong() {
    qt().forAll(lists().of(longs(0, Long.MAX_VALUE)).ofSizeBetween(0, 20)).checkAssert(sizes -> {
      Map<String, Long> blobs = new LinkedHashMap<>();
      BigInteger exact = BigInteger.ZERO;
      for (int i = 0; i < sizes.size(); i++) {
        blobs.put("sha256:" + i, sizes.get(i));
        exact = exact.add(BigInteger.valueOf(sizes.get(i)));
      }
      long sum = Bytes.sum(blobs);
      assertThat(sum).isNotNegative();
      assertThat(BigInteger.valueOf(sum))
          .isEqualTo(exact.min(BigInteger.valueOf(Long.MAX_VALUE)));
    });
  }

  @Test
  void addingNeverLowersTheTotal() {
    qt().forAll(longs(0, Long.MAX_VALUE), longs(0, Long.MAX_VALUE))
        .checkAssert((a, b) -> assertThat(Bytes.add(a, b)).isGreaterThanOrEqualTo(Math.max(a, b)));
  }
}
