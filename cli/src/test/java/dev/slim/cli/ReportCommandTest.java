package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportCommandTest {

  @Test
  void rejectsAMalformedAgeWithExit2() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--older-than", "a month");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --older-than: age \"a month\" must be a number and a"
        + " unit: s, m, h, d or w (such as 30d)");
    assertThat(r.err()).contains("Run 'slim report --help' for more information.");
  }

  @Test
  void rejectsATargetWithATagWithExit2() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app:1.0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: \"127.0.0.1:1/app:1.0\": name a repository without"
        + " tag or digest");
  }

  @Test
  void rejectsYesWithoutApply() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--yes");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --yes only goes with --apply");
  }

  @Test
  void applyWithoutATerminalAndWithoutYesIsAUsageErrorBeforeAnyRequest() {
    // the test JVM has no terminal; 127.0.0.1:1 would be exit 4 if slim tried the registry
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--keep-last", "1", "--apply");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --apply asks before deleting, and there is no terminal"
        + " to ask on: add --yes to delete without asking\n")
        .contains("Run 'slim report --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void rejectsAProtectedValueThatIsNoDigest() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--protect", "v1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --protect \"v1\" is not a digest");
  }

  @Test
  void rejectsAnUnknownOrderAndAnOrderWithoutKeepLast() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--keep-last", "1", "--order",
        "date");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --order must be created or semver, not \"date\"");
    r = CliTest.run("report", "127.0.0.1:1/app", "--older-than", "30d", "--order", "semver");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --order semver ranks images for --keep-last: give"
        + " --keep-last N too");
  }

  @Test
  void unreachableRegistryExits4() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--keep-last", "3");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).startsWith("slim: cannot reach registry 127.0.0.1:1: connection refused");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void helpListsTheExitCodes() {
    CliTest.Result r = CliTest.run("report", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--keep-last", "--order=created|semver", "--older-than",
        "--apply", "--html",
        "Exit Codes:");
  }

  @Test
  void rejectsATopOfZeroOrLessNamingTheOption() {
    for (String n : new String[] {"0", "-3"}) {
      CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--top", n);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).startsWith("slim: --top must be at least 1 (the number of tags"
          + " listed), not " + n + "\n");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void rejectsJobsOutsideOneTo256NamingTheOption() {
    for (String n : new String[] {"0", "257"}) {
      CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--jobs", n);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).startsWith("slim: --jobs must be a number from 1 to 256, not " + n
          + "\n");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void rejectsAJournalWithoutApplyOrOnAFolder() {
    CliTest.Result r = CliTest.run("report", "127.0.0.1:1/app", "--journal", "deleted.jsonl");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --journal only goes with --apply (it records"
        + " deletions)\n");
    String folder = System.getProperty("java.io.tmpdir");
    r = CliTest.run("report", "127.0.0.1:1/app", "--apply", "--yes", "--journal", folder);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --journal " + folder + ": not a file slim can append"
        + " to\n");
  }

  @Test
  void helpDescribesJobsAndJournal() {
    CliTest.Result r = CliTest.run("report", "--help");
    assertThat(r.out()).contains("--jobs=N", "(default: 8)", "Retry-After", "--journal=FILE");
  }
}
