package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.config.ConfigFile;
import dev.slim.config.SlimConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile Dockerfiles: bounded, parsed as Docker does, and never a slim.yaml slim rejects. */
class MigratorHostileTest {

  private static final String BUILD = "FROM golang AS build\nRUN go build -o /out/app .\n";

  @TempDir Path dir;

  /** The slim.yaml migrate writes, read back as slim build reads it (with this environment). */
  private SlimConfig roundTrip(Migration m, Map<String, String> environment) throws Exception {
    String yaml = ConfigFile.renderLiteral(m.config(), m.headerComments("Dockerfile"));
    Path binary = dir.resolve(m.config().binaries().get(0).path()).normalize();
    Files.createDirectories(binary.getParent());
    Files.writeString(binary, "x");
    return ConfigFile.parse(yaml, "slim.yaml", dir, environment);
  }

  @Test
  void execFormDollarsStayLiteralWhenSlimBuildReadsTheFile() throws Exception {
    Migration m = Migrator.migrate(BUILD + "FROM scratch\nCOPY --from=build /out/app /app\n"
        + "ENTRYPOINT [\"/app\"]\nCMD [\"--token\", \"${CI_JOB_TOKEN}\", \"$HOME\", \"$$\"]\n",
        "Dockerfile");
    assertThat(m.config().args()).containsExactly("--token", "${CI_JOB_TOKEN}", "$HOME", "$$");
    assertThat(ConfigFile.renderLiteral(m.config(), List.of()))
        .contains("  - \"$${CI_JOB_TOKEN}\"\n");
    SlimConfig read = roundTrip(m, Map.of("CI_JOB_TOKEN", "secret"));
    assertThat(read.args()).containsExactly("--token", "${CI_JOB_TOKEN}", "$HOME", "$$");
  }

  @Test
  void anEnvThatExtendsTheBasePathIsLeftOutWithANote() throws Exception {
    Migration m = Migrator.migrate(BUILD + "FROM scratch\nENV PATH=${PATH}:/x\n"
        + "COPY --from=build /out/app /app\n", "Dockerfile");
    assertThat(roundTrip(m, Map.of()).env()).doesNotContainKey("PATH");
    assertThat(m.notes()).anySatisfy(n -> assertThat(n.render("Dockerfile")).isEqualTo(
        "Dockerfile:4: ENV PATH=${PATH}:/x: PATH left out: it extends the base image's value,"
            + " and a slim image holds only the binary (no PATH to search)"));
  }

  @Test
  void anUnsetVariableInAnEnvValueIsEmptyAsInDockerWithANote() throws Exception {
    Migration m = Migrator.migrate(BUILD + "FROM scratch\nENV V=\"${NOPE}x ${NOPE:-d}\"\n"
        + "COPY --from=build /out/app /app\n", "Dockerfile");
    assertThat(roundTrip(m, Map.of()).env()).containsEntry("V", "x d");
    assertThat(m.notes()).filteredOn(n -> n.line() == 4).extracting(Migration.Note::why)
        .containsExactly("$NOPE has no value in this stage, so Docker makes it empty and so does"
            + " slim (a global ARG needs 'ARG NOPE' inside the stage to be seen there)");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anEnvThatDoublesAtEveryLineIsBoundedAndNamesTheLine() {
    String dockerfile = "FROM scratch\nENV A=xxxxxxxx\n" + "ENV A=$A$A\n".repeat(50)
        + "COPY app /app\n";
    assertThat(dockerfile.length()).isLessThan(600);
    assertThatThrownBy(() -> Migrator.migrate(dockerfile, "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessage("Dockerfile:16: ENV A=$A$A: expands to more than 65536 characters; slim"
            + " migrate stops here (does a variable double at every line?)");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void manyLargeValuesAreBoundedInAll() {
    StringBuilder d = new StringBuilder("FROM scratch\nENV A=" + "x".repeat(60_000) + "\n");
    for (int i = 0; i < 300; i++) {
      d.append("ENV B").append(i).append("=$A\n");
    }
    assertThatThrownBy(() -> Migrator.migrate(d + "COPY app /app\n", "Dockerfile"))
        .hasMessage("Dockerfile:282: ENV B279=$A: variables expand to more than 16777216"
            + " characters in all; slim migrate stops here");
  }

  @Test
  void nestedDefaultsAndEscapedDollarsAreExpandedAsDockerDoes() throws Exception {
    Migration m = Migrator.migrate("FROM scratch\nARG B=b\nENV X=${A:-${B}} Y=${B:+set}"
        + " Z=\\$B W=${A-dash} V=${B+plus}\nCOPY app /app\n", "Dockerfile");
    assertThat(m.config().env()).containsExactly(Map.entry("X", "b"), Map.entry("Y", "set"),
        Map.entry("Z", "$B"), Map.entry("W", "dash"), Map.entry("V", "plus"));
  }

  @Test
  void aRunHeredocBodyIsNotParsedAsInstructions() throws Exception {
    Migration m = Migrator.migrate("FROM golang AS build\nRUN <<EOF\nFROM evil AS x\n"
        + "go build -o /out/app .\nEOF\nFROM scratch\nCOPY --from=build /out/app /app\n"
        + "ENTRYPOINT [\"/app\"]\n", "Dockerfile");
    assertThat(m.build()).isNotNull();
    assertThat(m.build().stage()).isEqualTo("build");
    assertThat(m.build().command()).contains("go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./app .");
    assertThat(m.notes()).noneMatch(n -> n.what().contains("evil"));
  }

  @Test
  void aCopyHeredocThatWritesTheEntrypointIsRefused() {
    assertThatThrownBy(() -> Migrator.migrate("FROM alpine\nCOPY <<EOF /app\n#!/bin/sh\n"
        + "FROM nothing\nEOF\nENTRYPOINT [\"/app\"]\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessage("Dockerfile:2: COPY <<EOF /app: the entrypoint runs /app, which this COPY"
            + " writes from text in the Dockerfile (a heredoc), not a binary; slim migrate needs a"
            + " final stage that copies the binary, e.g. COPY --from=build /out/app /app");
  }

  @Test
  void aNewlineInAnExecFormArgumentLoadsBackTheSame() throws Exception {
    Migration m = Migrator.migrate(BUILD + "FROM scratch\nCOPY --from=build /out/app /app\n"
        + "CMD [\"/app\", \"a\\nb\", \"tab\\there\", \"\\u0085\\u2028x\"]\n", "Dockerfile");
    assertThat(m.config().args()).containsExactly("a\nb", "tab\there", "\u0085\u2028x");
    assertThat(roundTrip(m, Map.of()).args()).isEqualTo(m.config().args());
  }

  @Test
  void aNewlineInTheProgramNameIsEscapedInTheRefusal() {
    // the container runs "a\nb: c", which the final stage does not copy: no working image
    assertThatThrownBy(() -> Migrator.migrate(BUILD + "FROM scratch\n"
        + "COPY --from=build /out/app /app\nCMD [\"a\\nb: c\", \"x\"]\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessage("Dockerfile:5: CMD [\"a\\nb: c\", \"x\"]: the container runs 'a\\x0ab: c',"
            + " which no COPY of the final stage writes (a file of the base image?); slim's image"
            + " holds only the binary the final stage copies: make ENTRYPOINT that binary");
  }

  @Test
  void aNulInAnExecFormArgumentIsRefusedWithItsLine() {
    assertThatThrownBy(() -> Migrator.migrate(BUILD + "FROM scratch\n"
        + "COPY --from=build /out/app /app\nCMD [\"/app\", \"c\\u0000d\"]\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessage("Dockerfile:5: CMD [\"/app\", \"c\\u0000d\"]: argument 2 holds a NUL"
            + " character, which no program can receive; remove it");
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorWithItsLine() {
    assertThatThrownBy(() -> Migrator.migrate("FROM scratch\nCOPY app /app\nEXPOSE 8080 99999\n",
        "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessage("Dockerfile:3: EXPOSE 8080 99999: 99999 is not a port; allowed: 1-65535,"
            + " optionally followed by /tcp or /udp");
  }

  @Test
  void aBadUnicodeEscapeIsShellFormAsInDockerSoItRunsNoCopiedFile() {
    // Docker runs the line through sh -c: the program is the first word, not /app
    assertThatThrownBy(() -> Migrator.migrate(
        "FROM scratch\nCOPY app /app\nCMD [\"/app\", \"\\uZZZZ\"]\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("Dockerfile:3: CMD [\"/app\", \"\\uZZZZ\"]: the container runs"
            + " '[\"/app\",', which no COPY of the final stage writes");
  }

  @Test
  void anEnvNameSlimCannotSetIsLeftOutWithANoteAndTheFileLoads() throws Exception {
    Migration m = Migrator.migrate("FROM scratch\nCOPY app /app\nENV A-B=x 1X=y OK=z\n",
        "Dockerfile");
    assertThat(m.config().env()).containsExactly(Map.entry("OK", "z"));
    assertThat(m.notes()).anyMatch(n -> n.line() == 3 && n.why().equals("'A-B' is not a name"
        + " slim can set (letters, digits and '_', not first a digit); left out"));
    assertThat(roundTrip(m, Map.of()).env()).isEqualTo(m.config().env());
  }

  @Test
  void aBinaryPathLongerThanATarHeaderHoldsIsRefusedWithItsLine() {
    String dest = "/" + "p".repeat(300);
    assertThatThrownBy(() -> Migrator.migrate(BUILD + "FROM scratch\nCOPY --from=build /out/app "
        + dest + "\n", "Dockerfile"))
        .hasMessageStartingWith("Dockerfile:4: COPY --from=build /out/app /pppp")
        .hasMessageEndingWith(": the binary's path in the image is too long for a tar header (301"
            + " bytes): the file name and each folder name at most 100 bytes, and the folders"
            + " before the last 100 bytes at most 155");
  }

  @Test
  void aNulInACopiedFileNameIsRefusedWithItsLine() {
    assertThatThrownBy(() -> Migrator.migrate(BUILD + "FROM scratch\n"
        + "COPY --from=build [\"/out/a\\u0000\", \"/app\"]\n", "Dockerfile"))
        .hasMessage("Dockerfile:4: COPY --from=build [\"/out/a\\u0000\", \"/app\"]: a file name"
            + " holds a NUL character, which no file name can");
  }

  @Test
  void aDockerfileThatIsNotUtf8IsNamed() throws Exception {
    Path file = Files.write(dir.resolve("Dockerfile"), new byte[] {'F', 'R', (byte) 0xff});
    assertThatThrownBy(() -> Migrator.migrate(file)).hasMessage(file + ": not UTF-8 text");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aBuildAfterFourHundredThousandAssignmentsIsFoundInLinearTime() throws Exception {
    Migration m = Migrator.migrate("FROM golang AS build\nRUN " + "A=1 ".repeat(400_000)
        + "go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n",
        "Dockerfile");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 GOOS=linux A=1 go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./app .");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anEntrypointOfManyWordsOverManyCopiesIsMatchedInLinearTime() throws Exception {
    StringBuilder d = new StringBuilder("FROM scratch\n");
    for (int i = 0; i < 50_000; i++) {
      d.append("COPY f").append(i).append(" /d/f").append(i).append('\n');
    }
    d.append("COPY app /bin/app\nENTRYPOINT [\"app\"").append(", \"x\"".repeat(50_000))
        .append("]\n");
    Migration m = Migrator.migrate(d.toString(), "Dockerfile");
    assertThat(m.config().path()).isEqualTo("/bin/app");
    assertThat(m.config().args()).hasSize(50_000);
  }

  @Test
  void aSlimYamlThatWouldPassOneMebibyteIsRefused() throws Exception {
    Migration m = Migrator.migrate("FROM scratch\nCOPY app /app\nCMD [\"/app\""
        + (", \"" + "w".repeat(60_000) + "\"").repeat(20) + "]\n", "Dockerfile");
    assertThatThrownBy(() -> ConfigFile.renderLiteral(m.config(), m.headerComments("Dockerfile")))
        .isInstanceOf(SlimException.class)
        .hasMessageMatching("the slim\\.yaml for this Dockerfile would be 12\\d{5} bytes; a"
            + " slim\\.yaml may have at most 1048576 \\(1 MiB\\): shorten the values it carries"
            + " \\(ENV, LABEL, CMD\\)");
  }

  @Test
  void theHeaderListsAtMostTwoHundredNotes() throws Exception {
    StringBuilder d = new StringBuilder("FROM scratch\nCOPY app /app\n");
    d.append("RUN true\n".repeat(500));
    List<String> header = Migrator.migrate(d.toString(), "Dockerfile")
        .headerComments("Dockerfile");
    assertThat(header).hasSize(2 + 200 + 1);
    assertThat(header.get(header.size() - 1))
        .isEqualTo("  ... and 301 more: slim migrate lists them all on stderr");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void sixtyThousandChainedStagesAreResolved() throws Exception {
    StringBuilder d = new StringBuilder("FROM golang AS s0\nRUN go build -o /out/app .\n");
    for (int i = 1; i < 60_000; i++) {
      d.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
    }
    d.append("FROM scratch\nCOPY --from=s59999 /out/app /app\n");
    Migration m = Migrator.migrate(d.toString(), "Dockerfile");
    assertThat(m.build().stage()).isEqualTo("s59999");
  }
}
