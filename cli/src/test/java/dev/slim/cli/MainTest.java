package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class MainTest {

  private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

  @Test
  void everySubcommandIsListedUnderItsOwnName() {
    Main.SUBCOMMANDS.forEach((name, command) ->
        assertThat(command.getAnnotation(Command.class).name()).as(command.getName())
            .isEqualTo(name));
  }

  @Test
  void aRunBuildsOnlyTheCommandItNames() {
    assertThat(Main.commandLineFor(new String[] {"build", "--help"}, NOWHERE, NOWHERE)
        .getSubcommands()).containsOnlyKeys("build");
    assertThat(Main.commandLineFor(new String[] {"--help"}, NOWHERE, NOWHERE).getSubcommands())
        .containsOnlyKeys(Main.SUBCOMMANDS.keySet());
    assertThat(Main.commandLineFor(new String[] {"generate-completion"}, NOWHERE, NOWHERE)
        .getSubcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());
  }
}
