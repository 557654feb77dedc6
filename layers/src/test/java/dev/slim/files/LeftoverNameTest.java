package dev.slim.files;

import static dev.slim.testing.Gens.ALPHA;
import static dev.slim.testing.Gens.DIGITS;
import static dev.slim.testing.Gens.anyLong;
import static dev.slim.testing.Gens.longs;
import static dev.slim.testing.Gens.strings;
import static dev.slim.testing.Gens.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class LeftoverNameTest {

  /** The PID linux gives is at most 2^22. */
  private static final Gen<Long> PIDS = longs(1, 4_194_304);

  /** The PID linux gives is at most 2^22; any random number fits the name. */
  @Test
  void theOwnerReadBackIsTheOneWritten() {
    qt().forAll(PIDS, anyLong(), strings(ALPHA, 1, 30)).checkAssert((pid, random, output) -> {
      LeftoverName partials = OutputFile.partials(output);
      assertThat(partials.owner(partials.name(pid, random))).isEqualTo(pid);
      LeftoverName work = new LeftoverName("slim-build-", "");
      assertThat(work.owner(work.name(pid, random))).isEqualTo(pid);
    });
  }

  /** Another output's partial is never taken for this one's, whatever the names. */
  @Test
  void anotherOutputsPartialIsNotThisOnes() {
    qt().forAll(strings(ALPHA, 1, 20), strings(ALPHA, 1, 5), PIDS, anyLong())
        .checkAssert((output, extra, pid, random) -> {
          String other = OutputFile.partials(output + "." + extra).name(pid, random);
          assertThat(OutputFile.partials(output).owner(other)).isEqualTo(-1);
        });
  }

  /**
   * A name with anything but digits where the PID goes has no owner. Any text mostly, and in a
   * quarter of the draws digits only (up to 12, past the 10 a PID may have), or digits with
   * another digit of Unicode, a sign or a letter among them.
   */
  @Test
  void onlyDigitsMakeAPid() {
    Gen<String> pids = text(1, 12).mix(strings(DIGITS, 1, 12).mix(
        strings(DIGITS + "\u0663\uFF10-+ a", 1, 12), 30), 25);
    qt().forAll(pids, strings(DIGITS, 1, 20)).checkAssert((pid, number) -> {
      String name = "slim-build-" + pid + "-" + number;
      boolean digits = pid.chars().allMatch(c -> c >= '0' && c <= '9') && pid.length() <= 10;
      long owner = new LeftoverName("slim-build-", "").owner(name);
      assertThat(owner >= 0).as(name).isEqualTo(digits);
    });
  }
}
