package dev.slim.plan;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.util.Locale;
import java.util.Objects;

/**
 * What the image starts from, as the user named it: nothing ({@code scratch}), slim's own runtime
 * layers ({@code static}), or any image by reference ({@code alpine:3.20},
 * {@code registry.example.com/base:1}).
 *
 * @param reference the image reference for {@link Kind#IMAGE}, else null
 * @param tzdata add the time-zone layer (only with {@link Kind#STATIC})
 */
public record Base(Kind kind, String reference, boolean tzdata) {

  /** The three kinds of base. */
  public enum Kind {
    SCRATCH,
    STATIC,
    IMAGE
  }

  public static final Base SCRATCH = new Base(Kind.SCRATCH, null, false);

  public Base {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.IMAGE) != (reference != null)) {
      throw new IllegalArgumentException("only an image base has a reference");
    }
    if (tzdata && kind != Kind.STATIC) {
      throw new IllegalArgumentException("tzdata needs the static base");
    }
  }

  /**
   * Reads {@code --base}: {@code scratch}, {@code static}, {@code static+tzdata} (the static base
   * with the time-zone layer), or an image reference.
   *
   * @throws SlimException USAGE for {@code --tzdata} without {@code static}, or an empty name
   */
  public static Base parse(String text, boolean tzdata) throws SlimException {
    String name = text == null ? "scratch" : text.trim();
    if (name.equalsIgnoreCase("static+tzdata")) {
      return new Base(Kind.STATIC, null, true);
    }
    Kind kind = switch (name.toLowerCase(Locale.ROOT)) {
      case "scratch", "" -> Kind.SCRATCH;
      case "static" -> Kind.STATIC;
      default -> Kind.IMAGE;
    };
    if (tzdata && kind != Kind.STATIC) {
      throw new SlimException(Reason.USAGE, "--tzdata adds slim's time-zone layer to the static"
          + " base: use it with --base static (an image base brings its own /usr/share/zoneinfo,"
          + " or not)");
    }
    return new Base(kind, kind == Kind.IMAGE ? name : null, tzdata);
  }

  /** The name for the {@code org.opencontainers.image.base.name} annotation. */
  public String name() {
    return switch (kind) {
      case SCRATCH -> "scratch";
      case STATIC -> tzdata ? "slim/static+tzdata" : "slim/static";
      case IMAGE -> reference;
    };
  }
}
