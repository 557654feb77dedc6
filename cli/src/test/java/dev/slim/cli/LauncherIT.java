package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/slim}, the launcher the README's main job uses: it runs the jar, makes its start-up
 * cache, and keeps stdout for the result alone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LauncherIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = ROOT.resolve("cli/target/slim.jar");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** A JDK 24+ to check the AOT cache with, where this machine has one. */
  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private record Run(int exit, String out, String err) {}

  private static Run run(Path workDir, List<String> command) throws Exception {
    return run(workDir, JAVA, command);
  }

  private static Run run(Path workDir, String java, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("SLIM_JAVA", java);
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    Process process = builder.start();
    process.getOutputStream().close();
    Finished done = Finished.of(process, Duration.ofSeconds(180), String.join(" ", command));
    return new Run(done.exit(), done.out(), done.err());
  }

  @Test
  void runsTheMainJobThroughASymlinkAndPrintsOnlyTheArchivePath(@TempDir Path tmp)
      throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("slim"), ROOT.resolve("bin/slim"));
    String fixture = ROOT.resolve("fixtures/go-hello-linux-amd64").toString();

    Run r = run(tmp, List.of(link.toString(), "build", fixture, "-o", "out/app.tar"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("out/app.tar\n");
    assertThat(r.err()).contains("wrote   out/app.tar").contains("binary /app");
    assertThat(tmp.resolve("out/app.tar")).isNotEmptyFile();
  }

  @Test
  void itsStartUpCacheHoldsPicocli(@TempDir Path tmp) throws Exception {
    assertThat(run(tmp, List.of(ROOT.resolve("bin/slim").toString(), "--version")).exit())
        .isZero();
    String feature = Runtime.version().feature() + "";
    Path cache = ROOT.resolve("cli/target/slim-jdk" + feature + (Runtime.version().feature() >= 24
        ? ".aot" : ".jsa"));
    assertThat(cache).exists();
    if (Runtime.version().feature() >= 24) {
      return;
    }
    // -Xshare:on fails unless the archive maps; picocli (re-emitted as Java 8 class files by the
    // build) must come from it
    Run r = run(tmp, List.of(JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + cache,
        "-Xlog:class+load", "-cp", ROOT.resolve("cli/target/slim.jar").toString(),
        "dev.slim.cli.Main", "--version"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("picocli.CommandLine source: shared objects file")
        .contains("dev.slim.cli.BuildCommand source: shared objects file")
        .doesNotContainPattern("picocli\\.\\S+ source: file:");
  }

  @Test
  void theJarHoldsNoClassFileTheStartUpCacheWouldLeaveOut() throws Exception {
    List<String> old = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.getName().endsWith(".class")) {
          byte[] head = zip.getInputStream(entry).readNBytes(8);
          int major = (head[6] & 0xff) << 8 | (head[7] & 0xff);
          if (major < 50) {
            old.add(entry.getName() + " (major version " + major + ")");
          }
        }
      }
      assertThat(old).as("class files below Java 6 in " + JAR).isEmpty();
      ZipEntry notice = zip.getEntry("META-INF/slim-changed-class-files.txt");
      assertThat(notice).as("the notice of changed class files").isNotNull();
      assertThat(new String(zip.getInputStream(notice).readAllBytes()))
          .contains("Their bytecode is unchanged.").contains("\npicocli/*.class (");
    }
  }

  @Test
  void commonsLoggingStillWorksWithoutItsLog4jAdapter() throws Exception {
    // cli/pom.xml leaves Log4JLogger out of the jar (its frames would need log4j's types); the
    // jar's commons-logging.properties (from a dependency) picks NoOpLog, so it is never looked
    // for. LogFactory and the rest are re-emitted class files, here loaded and verified.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.getResource("org/apache/commons/logging/impl/Log4JLogger.class")).isNull();
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        Object log = loader.loadClass("org.apache.commons.logging.LogFactory")
            .getMethod("getLog", String.class).invoke(null, "slim");
        assertThat(log.getClass().getName())
            .isEqualTo("org.apache.commons.logging.impl.NoOpLog");
        // a factory of its own, without that configuration, discovers JDK logging
        Object factory = loader.loadClass("org.apache.commons.logging.impl.LogFactoryImpl")
            .getConstructor().newInstance();
        Object discovered = factory.getClass().getMethod("getInstance", String.class)
            .invoke(factory, "slim");
        assertThat(discovered.getClass().getName())
            .isEqualTo("org.apache.commons.logging.impl.Jdk14Logger");
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  @Test
  void itsJdk25AotCacheHoldsPicocli(@TempDir Path tmp) throws Exception {
    Path java = JDK_25.resolve("bin/java");
    Assumptions.assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK_25);
    Path cache = ROOT.resolve("cli/target/slim-jdk25.aot");
    // the first run makes the cache when it is missing or older than the jar, the second uses it
    for (int i = 0; i < 2; i++) {
      Run r = run(tmp, java.toString(), List.of(ROOT.resolve("bin/slim").toString(), "--version"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("slim ").contains("Java 25");
    }
    assertThat(cache).exists();
    assertThat(Files.getLastModifiedTime(cache)).isGreaterThan(Files.getLastModifiedTime(JAR));
    // AOTMode=on fails unless the cache maps; the "Skipping picocli/...: Old class has been
    // linked" of Java 5 class files would leave picocli to be loaded from the jar
    Run r = run(tmp, java.toString(), List.of(java.toString(), "-XX:+UseSerialGC",
        "-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-Xlog:class+load", "-cp", JAR.toString(),
        "dev.slim.cli.Main", "--version"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("picocli.CommandLine source: shared objects file")
        .contains("picocli.CommandLine$Help source: shared objects file")
        .contains("dev.slim.cli.BuildCommand source: shared objects file")
        .doesNotContainPattern("picocli\\.\\S+ source: (file|jar):");
  }

  @Test
  void jvmWarningsStayOffStdout(@TempDir Path tmp) throws Exception {
    // Without large pages set up, -XX:+UseLargePages makes the JVM log a warning, which goes to
    // stdout by default: the one stream CI reads as slim's result.
    Run r = run(tmp, List.of("env", "JDK_JAVA_OPTIONS=-XX:+UseLargePages",
        ROOT.resolve("bin/slim").toString(), "--version"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("slim ").doesNotContain("warning");
  }
}
