package dev.slim.files;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class LeftoverNameTest {

  /** The PID linux gives is at most 2^22; any random number fits the name. */
  @Property
  void theOwnerReadBackIsTheOneWritten(@ForAll @LongRange(min = 1, max = 4_194_304) long pid,
      @ForAll long random, @ForAll @AlphaChars @StringLength(min = 1, max = 30) String output) {
    LeftoverName partials = OutputFile.partials(output);
    assertThat(partials.owner(partials.name(pid, random))).isEqualTo(pid);
    LeftoverName work = new LeftoverName("slim-build-", "");
    assertThat(work.owner(work.name(pid, random))).isEqualTo(pid);
  }

  /** Another output's partial is never taken for this one's, whatever the names. */
  @Property
  void anotherOutputsPartialIsNotThisOnes(@ForAll @AlphaChars @StringLength(min = 1, max = 20)
      String output, @ForAll @AlphaChars @StringLength(min = 1, max = 5) String extra,
      @ForAll @LongRange(min = 1, max = 4_194_304) long pid, @ForAll long random) {
    String other = OutputFile.partials(output + "." + extra).name(pid, random);
    assertThat(OutputFile.partials(output).owner(other)).isEqualTo(-1);
  }

  /** A name with anything but digits where the PID goes has no owner. */
  @Property
  void onlyDigitsMakeAPid(@ForAll @StringLength(min = 1, max = 12) String pid,
      @ForAll @NumericChars @StringLength(min = 1, max = 20) String number) {
    String name = "slim-build-" + pid + "-" + number;
    boolean digits = pid.chars().allMatch(c -> c >= '0' && c <= '9') && pid.length() <= 10;
    long owner = new LeftoverName("slim-build-", "").owner(name);
    assertThat(owner >= 0).isEqualTo(digits);
  }
}
