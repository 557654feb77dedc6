package dev.slim.image;

/**
 * One entry of a tar slim did not write, as {@link ForeignTar} reads it: long names (GNU
 * {@code L}, pax {@code path}) are already resolved and pax, GNU and base-256 sizes decoded.
 *
 * @param name the entry's path as stored (a leading {@code ./} or a trailing {@code /} kept)
 * @param type the typeflag: {@code '0'} file, {@code '5'} directory, {@code '2'} symlink, ...
 * @param size the bytes of the entry's content
 * @param linkName the target of a link; empty for other entries
 */
public record TarEntry(String name, char type, long size, String linkName) {

  public TarEntry {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + name);
    }
    linkName = linkName == null ? "" : linkName;
  }

  /** Whether the entry is a regular file. */
  public boolean isFile() {
    return type == '0' || type == '\0' || type == '7';
  }

  /** Whether the entry is a symbolic link. */
  public boolean isSymlink() {
    return type == '2';
  }
}
