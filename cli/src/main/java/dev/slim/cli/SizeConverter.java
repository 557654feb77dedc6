package dev.slim.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes such as {@code 20MB}, {@code 20MiB}, {@code 1.5GB} or plain bytes. */
final class SizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches() || (!m.group(3).isEmpty() && m.group(2).isEmpty())) {
      throw new TypeConversionException(
          "'" + value + "' is not a size; use bytes or a unit: 500KB, 20MB, 20MiB, 1GB");
    }
    int power = "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    double base = m.group(3).isEmpty() ? 1000 : 1024;
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
  }
}
