package dev.slim.cli;

import dev.slim.config.ByteSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --max-size}: the library's one size parser ({@link ByteSize}), so that the flag and
 * slim.yaml read {@code 1000} alike, as 1000 bytes. A limit of 0 bytes is no limit: refused.
 */
final class SizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    long bytes;
    try {
      bytes = ByteSize.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (bytes <= 0) {
      throw new TypeConversionException("'" + value + "' is no limit; give 1 byte or more");
    }
    return bytes;
  }
}
