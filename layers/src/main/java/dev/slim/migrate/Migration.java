package dev.slim.migrate;

import dev.slim.config.SlimConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code slim migrate} made of a Dockerfile.
 *
 * @param config the equivalent {@code slim.yaml}; its binary is relative to the Dockerfile's folder
 * @param build how to produce that binary, or null when the Dockerfile copies a file it did not
 *     build (or slim did not recognise the build)
 * @param notes what could not be carried over, and why, in Dockerfile order
 */
public record Migration(SlimConfig config, BuildStep build, List<Note> notes,
    List<BuildStep> builds) {

  /** The notes the slim.yaml's header lists; stderr gets all of them. */
  static final int HEADER_NOTES = 200;

  public Migration {
    Objects.requireNonNull(config, "config");
    notes = List.copyOf(notes);
    builds = List.copyOf(builds);
  }

  /** A migration with at most one build, for one platform or none named. */
  public Migration(SlimConfig config, BuildStep build, List<Note> notes) {
    this(config, build, notes, build == null ? List.of() : List.of(build));
  }

  /**
   * The command that writes the binary where {@code slim.yaml} expects it.
   *
   * @param stage the name (or index) of the stage that built it
   * @param line the Dockerfile line of the RUN that built it
   * @param command a shell command to run in the Dockerfile's folder
   * @param platform the platform it builds for ({@code linux/arm64}), or null when the
   *     Dockerfile names none
   */
  public record BuildStep(String stage, int line, String command, String platform) {
    public BuildStep {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(command, "command");
    }

    public BuildStep(String stage, int line, String command) {
      this(stage, line, command, null);
    }

    /** {@code stage 'build', line 5} (with {@code for linux/arm64, } first when it has one). */
    public String where() {
      return (platform == null ? "" : "for " + platform + ", ") + "stage '" + stage + "', line "
          + line;
    }
  }

  /**
   * One thing that was not (or not exactly) carried over.
   *
   * @param line the Dockerfile line, or 0 when it is about the whole file
   * @param what the instruction, shortened
   * @param why what slim did instead and what to do
   */
  public record Note(int line, String what, String why) {
    public Note {
      // a Dockerfile's text may hold line breaks and escape sequences: never print them raw
      what = Words.printable(Objects.requireNonNull(what, "what"));
      why = Words.printable(Objects.requireNonNull(why, "why"));
    }

    /** {@code Dockerfile:12: RUN apk add ...: why}; {@code Dockerfile: ...} for the whole file. */
    public String render(String file) {
      return file + (line == 0 ? "" : ":" + line) + ": " + what + ": " + why;
    }
  }

  /** The {@code slim.yaml} text: a header that says where it came from, then the config. */
  public List<String> headerComments(String dockerfile) {
    List<String> lines = new ArrayList<>();
    lines.add("Written by 'slim migrate' from " + dockerfile + ".");
    for (BuildStep step : builds) {
      lines.add("Build the binary first (" + step.where() + "), in this folder:");
      lines.add("  " + step.command());
    }
    if (!notes.isEmpty()) {
      lines.add("Not carried over:");
      for (Note note : notes.subList(0, Math.min(notes.size(), HEADER_NOTES))) {
        String where = note.line() == 0 ? "" : "line " + note.line() + ": ";
        lines.add("  " + where + note.what() + ": " + note.why());
      }
      if (notes.size() > HEADER_NOTES) {
        lines.add("  ... and " + (notes.size() - HEADER_NOTES)
            + " more: slim migrate lists them all on stderr");
      }
    }
    return lines;
  }
}
