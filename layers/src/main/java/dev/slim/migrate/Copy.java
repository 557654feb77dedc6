package dev.slim.migrate;

/**
 * A single file copied into the final stage: the binary, or an extra file slim does not carry.
 *
 * @param stage the label of the build stage it comes from, or null (build context, or an image)
 * @param source the path in that stage (or the build context) as written, variables expanded
 * @param dest the absolute path in the image
 * @param external copied from an image that is not a stage of this Dockerfile
 */
record Copy(Instruction in, String stage, String source, String dest, boolean external) {

  boolean heredoc() {
    return source.startsWith("<<");
  }

  /** The file {@code path} inside the folder this copy wrote at {@link #dest}. */
  Copy inside(String path) {
    String rest = dest.equals("/") ? path : path.substring(dest.length());
    String base = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    return new Copy(in, stage, base + rest, path, external);
  }
}
