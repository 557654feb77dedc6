package dev.slim.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code N}, {@code N/tcp} or {@code N/udp} with N in 1..65535. */
final class Ports {
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp))?");

  private Ports() {}

  static boolean valid(String port) {
    Matcher m = PORT.matcher(port);
    if (!m.matches()) {
      return false;
    }
    int n = Integer.parseInt(m.group(1));
    return n >= 1 && n <= 65535;
  }
}
