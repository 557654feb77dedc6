package dev.slim.migrate;

import java.util.List;

/** A stage: its FROM line and the instructions after it. */
record Stage(int index, String name, String from, int line, List<Instruction> body) {
  String label() {
    return name != null ? name : String.valueOf(index);
  }
}
