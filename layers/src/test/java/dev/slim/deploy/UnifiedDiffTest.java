package dev.slim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The diff {@code --dry-run} prints. */
class UnifiedDiffTest {

  @Test
  void equalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.of("f", "a\nb\n", "a\nb\n")).isEmpty();
  }

  @Test
  void changesFarApartGetHunksOfTheirOwnWithThreeLinesOfContext() {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      before.append("line ").append(i).append('\n');
    }
    String after = before.toString().replace("line 2\n", "two\n").replace("line 17\n", "");
    assertThat(UnifiedDiff.of("f.yaml", before.toString(), after)).isEqualTo(
        "--- f.yaml\n+++ f.yaml\n"
            + "@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n"
            + "@@ -14,7 +14,6 @@\n line 14\n line 15\n line 16\n-line 17\n line 18\n line 19\n"
            + " line 20\n");
  }

  @Test
  void saysWhenTheLastLineHasNoLineBreak() {
    assertThat(UnifiedDiff.of("f", "a\nb", "a\nc")).isEqualTo(
        "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
            + "\\ No newline at end of file\n");
  }

  @Test
  void anInsertedLineCountsNoOldLines() {
    assertThat(UnifiedDiff.of("f", "", "x\n")).isEqualTo("--- f\n+++ f\n@@ -0,0 +1 @@\n+x\n");
  }
}
