package dev.slim.migrate;

/**
 * A file copied into the final stage: the binary, or an extra file slim does not carry.
 *
 * @param stage the label of the build stage it comes from, or null (build context, or an image)
 * @param source the path in that stage (or the build context) as written, variables expanded
 * @param dest the absolute path in the image when the source is a file
 * @param external copied from an image that is not a stage of this Dockerfile
 * @param into the absolute folder the source's files land in when it is a folder or a pattern
 *     (Docker copies a folder's contents, not the folder), or null
 */
record Copy(Instruction in, String stage, String source, String dest, boolean external,
    String into) {

  boolean heredoc() {
    return source.startsWith("<<");
  }

  /** A pattern ({@code bin/*}): only its matches are copied, each into {@link #into}. */
  boolean pattern() {
    return source.contains("*") || source.contains("?") || source.contains("[");
  }

  /**
   * The copy of the file {@code path} under {@link #into}: the file in the copied folder, or the
   * match of the pattern; null when {@code path} is not one of them.
   */
  Copy inside(String path) {
    if (into == null || !path.startsWith(into.equals("/") ? "/" : into + "/")) {
      return null;
    }
    String rest = into.equals("/") ? path : path.substring(into.length());
    String base = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    if (pattern()) {
      String name = rest.substring(1);
      int slash = base.lastIndexOf('/');
      String glob = base.substring(slash + 1);
      if (name.contains("/") || !java.nio.file.FileSystems.getDefault()
          .getPathMatcher("glob:" + glob).matches(java.nio.file.Path.of(name))) {
        return null;
      }
      return new Copy(in, stage, base.substring(0, slash + 1) + name, path, external, null);
    }
    if (rest.equals("/" + Words.basename(base))) {
      // a file copied into a folder that exists in the image (COPY /out/app /usr/bin)
      return new Copy(in, stage, source, path, external, null);
    }
    return new Copy(in, stage, base + rest, path, external, null);
  }
}
