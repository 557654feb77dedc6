package dev.slim.migrate;

import java.util.Map;

/**
 * A build command found in a RUN of the stage that produced the binary.
 *
 * @param tool GO, GO_INSTALL, CARGO, CC or MAKE
 * @param in the RUN instruction
 * @param command the command segment, with ARG/ENV values expanded
 * @param env the stage's ENV at that point (CGO_ENABLED, GOOS, RUSTFLAGS...)
 * @param workdir the stage's WORKDIR at that point, or null
 * @param cd a relative folder an earlier {@code cd} of the same RUN changed to, or null
 */
record Build(String tool, Instruction in, String command, Map<String, String> vars,
    Map<String, String> env, String workdir, String cd) {

  Build at(Instruction where, String expanded, Map<String, String> atVars,
      Map<String, String> atEnv, String atWorkdir, String atCd) {
    return new Build(tool, where, expanded, Map.copyOf(atVars), Map.copyOf(atEnv), atWorkdir,
        atCd);
  }
}
