package dev.slim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs slim in this JVM with captured stdout and stderr. */
final class CliTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static String fixture(String name) {
    return java.nio.file.Path.of(System.getProperty("slim.fixtures", "../fixtures"), name)
        .toString();
  }

  private CliTest() {}
}
