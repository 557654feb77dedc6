package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * slim report's option checks, at their edges: the smallest and largest value each accepts
 * (which then reaches the registry: 127.0.0.1:1 refuses, exit 4) and the first it refuses
 * (exit 2, naming the option, before any request).
 */
class ReportOptionsTest {

  private static final String TARGET = "127.0.0.1:1/app";

  private static CliTest.Result report(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "report";
    args[1] = TARGET;
    System.arraycopy(options, 0, args, 2, options.length);
    return CliTest.run(args);
  }

  private static void reachesTheRegistry(String... options) {
    CliTest.Result r = report(options);
    assertThat(r.exit()).as(String.join(" ", options) + ": " + r.err()).isEqualTo(4);
    assertThat(r.err()).startsWith("slim: cannot reach registry 127.0.0.1:1");
  }

  private static void refused(String message, String... options) {
    CliTest.Result r = report(options);
    assertThat(r.exit()).as(String.join(" ", options)).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + message + "\n")
        .contains("Run 'slim report --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theEdgesOfEveryNumberAreAccepted() {
    reachesTheRegistry("--max-tags", "1");
    reachesTheRegistry("--max-tags", Integer.toString(Integer.MAX_VALUE - 1));
    reachesTheRegistry("--top", "1");
    reachesTheRegistry("--jobs", "1");
    reachesTheRegistry("--jobs", "256");
  }

  @Test
  void maxTagsOutsideItsRangeIsRefused() {
    String message = "--max-tags must be a number from 1 to " + (Integer.MAX_VALUE - 1);
    refused(message, "--max-tags", "0");
    refused(message, "--max-tags", Integer.toString(Integer.MAX_VALUE));
  }

  @Test
  void credentialsComeAsAUserAndAPasswordOnStdinOrNotAtAll() {
    refused("--password-stdin needs --username", "--password-stdin");
    refused("--username needs --password-stdin (passwords are never taken as arguments)",
        "--username", "bob");
  }

  @Test
  void onlyOneReportMayGoToStdout() {
    refused("--json and --markdown both write to stdout ('-'); only one can",
        "--json", "-", "--markdown", "-");
    refused("--markdown and --html both write to stdout ('-'); only one can",
        "--markdown", "-", "--html", "-");
    // one alone is fine: the table then goes to stderr
    reachesTheRegistry("--html", "-");
  }

  @Test
  void aProtectFileThatCannotBeReadIsNamed() {
    refused("--protect @/no/such/digests: cannot read /no/such/digests",
        "--protect", "@/no/such/digests");
  }

  @Test
  void aPatternThatIsNoRegularExpressionIsNamedWithItsOption() {
    refused("--keep \"v[1\" is not a regular expression: Unclosed character class",
        "--keep", "v[1");
    refused("--only \"(rc\" is not a regular expression: Unclosed group", "--only", "(rc");
    reachesTheRegistry("--keep", "^v1\\.", "--only", "rc", "--keep-last", "2");
  }

  @Test
  void anAgeAndAPolicyThatParseReachTheRegistry() {
    reachesTheRegistry("--older-than", "30d", "--include-latest");
    reachesTheRegistry("--keep-last", "1", "--order", "semver", "--protect",
        "sha256:" + "ab".repeat(32));
  }
}
