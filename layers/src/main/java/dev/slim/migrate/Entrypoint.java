package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** ENTRYPOINT and CMD as the words the image runs: exec form as is, shell form split. */
final class Entrypoint {

  private static final Pattern VAR = Pattern.compile("\\$(\\{[A-Za-z_]|[A-Za-z_])");

  private final Walk walk;

  Entrypoint(Walk walk) {
    this.walk = walk;
  }

  /** ENTRYPOINT then CMD, as Docker joins them (a shell-form ENTRYPOINT ignores CMD). */
  List<String> words(Instruction entrypoint, Instruction cmd,
      Map<String, String> env) {
    List<String> full = new ArrayList<>();
    if (entrypoint != null) {
      full.addAll(command(entrypoint, env));
      if (entrypoint.json() == null && cmd != null) {
        walk.note(cmd, Words.shorten(cmd),
            "ignored by Docker too: a shell-form ENTRYPOINT ignores CMD");
        return full;
      }
    }
    if (cmd != null) {
      full.addAll(command(cmd, env));
    }
    return full;
  }

  /** The words of an ENTRYPOINT or CMD: exec form as is, shell form split when it can be. */
  private List<String> command(Instruction in, Map<String, String> env) {
    List<String> words = in.json() != null ? in.json() : shellWords(in, env);
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).indexOf('\0') >= 0) {
        throw walk.refusal(in, "argument " + (i + 1) + " holds a NUL character, which no program"
            + " can receive; remove it");
      }
    }
    return words;
  }

  private List<String> shellWords(Instruction in, Map<String, String> env) {
    String text = in.rest();
    if (text.startsWith("exec ")) {
      text = text.substring(5).strip();
    }
    String expanded = text;
    if (VAR.matcher(text).find()) {
      expanded = walk.expand(text, env, in);
      if (!VAR.matcher(expanded).find()) {
        walk.note(in, Words.shorten(in), "shell form: $variables were expanded now from ENV;"
            + " changing them at run time no longer changes the arguments");
      }
    }
    List<String> words = ExecForm.words(expanded);
    if (words == null) {
      walk.note(in, Words.shorten(in), "shell form needs /bin/sh, which a slim image does not have;"
          + " the words were kept as they are: check the arguments, or move the logic into"
          + " the binary");
      return List.of(expanded.split("\\s+"));
    }
    walk.note(in, Words.shorten(in), "shell form written as exec form (a slim image has no"
        + " /bin/sh): the binary runs as PID 1 and receives signals directly");
    return words;
  }
}
