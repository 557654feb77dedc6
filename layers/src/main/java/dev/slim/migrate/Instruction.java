package dev.slim.migrate;

import java.util.List;
import java.util.Objects;

/**
 * One Dockerfile instruction after line continuations are joined.
 *
 * @param line the 1-based line where it starts
 * @param keyword upper case, e.g. {@code COPY}
 * @param flags the leading {@code --name=value} flags, e.g. {@code --from=build}
 * @param rest the text after the keyword and flags
 * @param json the exec-form array, or null when the instruction is in shell form
 * @param heredocs the bodies of its here-documents ({@code RUN <<EOF ... EOF}), in order
 */
record Instruction(int line, String keyword, List<String> flags, String rest, List<String> json,
    List<String> heredocs) {

  Instruction {
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(rest, "rest");
    flags = List.copyOf(flags);
    json = json == null ? null : List.copyOf(json);
    heredocs = List.copyOf(heredocs);
  }

  /** The value of {@code --name=value}, or null. */
  String flag(String name) {
    for (String f : flags) {
      if (f.startsWith("--" + name + "=")) {
        return f.substring(name.length() + 3);
      }
    }
    return null;
  }
}
