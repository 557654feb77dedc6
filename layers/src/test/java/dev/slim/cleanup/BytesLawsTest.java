package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Byte sums in the report never wrap: past 8 EiB they stay at the largest long. */
class BytesLawsTest {

  @Property
  void aSumIsTheExactSumOrTheLargestLong(
      @ForAll @Size(max = 20) List<@LongRange(min = 0) Long> sizes) {
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
  }

  @Property
  void addingNeverLowersTheTotal(@ForAll @LongRange(min = 0) long a,
      @ForAll @LongRange(min = 0) long b) {
    assertThat(Bytes.add(a, b)).isGreaterThanOrEqualTo(Math.max(a, b));
  }
}
