package dev.slim.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import picocli.CommandLine;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OldClassFilesTest {

  /** A copy of the picocli jar on the test classpath: Java 5 class files. */
  private static Path picocli(Path dir) throws Exception {
    return Files.copy(picocliOnClasspath(), dir.resolve("picocli.jar"));
  }

  private static Map<String, byte[]> classFiles(Path jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.getName().endsWith(".class")) {
          classes.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
        }
      }
    }
    return classes;
  }

  private static int major(byte[] classFile) {
    return OldClassFiles.majorVersion("test", classFile);
  }

  @Test
  void reEmitsEveryOldPicocliClassAsJava8WithTheSameInstructions(@TempDir Path dir)
      throws Exception {
    Path jar = picocli(dir);
    Map<String, byte[]> before = classFiles(jar);
    List<String> old = before.entrySet().stream().filter(e -> major(e.getValue()) < 50)
        .map(Map.Entry::getKey).toList();
    assertThat(old).contains("picocli/CommandLine.class").hasSizeGreaterThan(100);

    OldClassFiles.Result result = OldClassFiles.upgrade(jar);

    assertThat(result.packages()).containsOnlyKeys("picocli");
    assertThat(result.classFiles()).isEqualTo(old.size());
    Map<String, byte[]> after = classFiles(jar);
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    for (String name : old) {
      assertThat(major(after.get(name))).as(name).isEqualTo(52);
      assertThat(ClassFileText.of(after.get(name))).as(name).isEqualTo(ClassFileText.of(before.get(name)));
    }
    // class files that were new enough (module-info) are copied as they were
    before.forEach((name, bytes) -> {
      if (!old.contains(name)) {
        assertThat(after.get(name)).as(name).isEqualTo(bytes);
      }
    });
  }

  @Test
  void theComparisonSeesAChangedInstruction() throws Exception {
    byte[] original = classFiles(picocliOnClasspath()).get("picocli/CommandLine$Range.class");
    ClassNode changed = ClassFileText.node(original);
    MethodNode method = changed.methods.stream().filter(m -> m.name.equals("isVariable"))
        .findFirst().orElseThrow();
    method.instructions.insert(new org.objectweb.asm.tree.InsnNode(Opcodes.NOP));
    ClassWriter writer = new ClassWriter(0);
    changed.accept(writer);

    assertThat(ClassFileText.of(writer.toByteArray())).isNotEqualTo(ClassFileText.of(original));
  }

  private static Path picocliOnClasspath() throws Exception {
    return Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void everyReEmittedClassLinksUnderVerificationAndPicocliParses(@TempDir Path dir)
      throws Exception {
    Path jar = picocli(dir);
    List<String> old = classFiles(jar).entrySet().stream().filter(e -> major(e.getValue()) < 50)
        .map(Map.Entry::getKey).toList();
    OldClassFiles.upgrade(jar);

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (String name : old) {
        Class<?> type = Class.forName(binaryName(name), false, loader);
        assertThat(type.getClassLoader()).isSameAs(loader);
        link(type);
      }
      Object spec = loader.loadClass("picocli.CommandLine$Model$CommandSpec").getMethod("create")
          .invoke(null);
      Class<?> optionSpec = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
      for (Object[] option : new Object[][] {{"--name", String.class}, {"--count", int.class}}) {
        Object builder = optionSpec.getMethod("builder", String.class, String[].class)
            .invoke(null, option[0], new String[0]);
        Method type = builder.getClass().getMethod("type", Class.class);
        type.setAccessible(true); // declared in a package-private superclass
        type.invoke(builder, option[1]);
        spec.getClass().getMethod("addOption", optionSpec)
            .invoke(spec, builder.getClass().getMethod("build").invoke(builder));
      }
      Object commandLine = loader.loadClass("picocli.CommandLine").getConstructor(Object.class)
          .newInstance(spec);
      Object parsed = commandLine.getClass().getMethod("parseArgs", String[].class)
          .invoke(commandLine, (Object) new String[] {"--count", "3", "--name=slim"});
      Method value = parsed.getClass().getMethod("matchedOptionValue", String.class, Object.class);
      assertThat(value.invoke(parsed, "--name", null)).isEqualTo("slim");
      assertThat(value.invoke(parsed, "--count", 0)).isEqualTo(3);
      assertThat((String) commandLine.getClass().getMethod("getUsageMessage").invoke(commandLine))
          .isEqualTo(String.format("Usage: <main class> [--count=PARAM] [--name=PARAM]%n"
              + "      --count=PARAM%n      --name=PARAM%n"));
    }
  }

  /** Links (and so verifies) the class without initialising it. */
  private static void link(Class<?> type) {
    type.getDeclaredMethods(); // HotSpot links a class before listing its methods
  }

  @Test
  void linkingVerifiesAClassFile() {
    // a Java 8 class file with a branch and no stack map frame: only verification rejects it
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "NoFrames", null,
        "java/lang/Object", null);
    MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "pick", "(Z)I", null, null);
    m.visitCode();
    Label zero = new Label();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFEQ, zero);
    m.visitInsn(Opcodes.ICONST_1);
    m.visitInsn(Opcodes.IRETURN);
    m.visitLabel(zero);
    m.visitInsn(Opcodes.ICONST_0);
    m.visitInsn(Opcodes.IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    byte[] bytes = writer.toByteArray();
    ClassLoader loader = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        return name.equals("NoFrames") ? defineClass(name, bytes, 0, bytes.length)
            : super.findClass(name);
      }
    };

    assertThatThrownBy(() -> link(Class.forName("NoFrames", false, loader)))
        .isInstanceOf(VerifyError.class).hasMessageContaining("stackmap");
  }

  @Test
  void isReproducibleAndKeepsEveryOtherEntryAsItWas(@TempDir Path dir) throws Exception {
    Path first = picocli(Files.createDirectory(dir.resolve("a")));
    Path second = picocli(Files.createDirectory(dir.resolve("b")));
    Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-r-----"));
    OldClassFiles.upgrade(first);
    OldClassFiles.upgrade(second);
    assertThat(first).hasSameBinaryContentAs(second);

    try (ZipFile original = new ZipFile(picocliOnClasspath().toFile());
        ZipFile upgraded = new ZipFile(first.toFile())) {
      List<? extends ZipEntry> was = original.stream().toList();
      List<? extends ZipEntry> is = upgraded.stream().toList();
      assertThat(is).hasSize(was.size() + 1);
      for (int i = 0; i < was.size(); i++) {
        ZipEntry a = was.get(i);
        ZipEntry b = is.get(i);
        assertThat(b.getName()).isEqualTo(a.getName());
        assertThat(b.getTime()).as(a.getName()).isEqualTo(a.getTime());
        assertThat(b.getMethod()).as(a.getName()).isEqualTo(a.getMethod());
        if (!a.getName().endsWith(".class")) {
          assertThat(upgraded.getInputStream(b).readAllBytes()).as(a.getName())
              .isEqualTo(original.getInputStream(a).readAllBytes());
        }
      }
      ZipEntry notice = is.get(is.size() - 1);
      assertThat(notice.getName()).isEqualTo(OldClassFiles.NOTICE);
      assertThat(new String(upgraded.getInputStream(notice).readAllBytes()))
          .contains("re-emitted as Java 8 class files (major version 52) with stack map frames")
          .contains("Their bytecode is unchanged.").endsWith("\npicocli/*.class ("
              + (was.stream().filter(e -> e.getName().endsWith(".class")).count() - 1)
              + " files)\n");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
        .as("the jar keeps its mode").isEqualTo("rw-r-----");
    // a second run finds nothing old and leaves the jar alone
    byte[] upgraded = Files.readAllBytes(first);
    assertThat(OldClassFiles.upgrade(first).packages()).isEmpty();
    assertThat(first).hasBinaryContent(upgraded);
  }

  @Test
  void resolvesCommonSuperclassesFromTheJarItself(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, Map.of("p/Old.class", oldClassMerging(), "p/A.class", subclass("p/A"),
        "p/B.class", subclass("p/B")));

    assertThat(OldClassFiles.upgrade(jar).packages()).containsExactly(Map.entry("p", 1));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> old = Class.forName("p.Old", false, loader);
      Object picked = old.getMethod("pick", boolean.class).invoke(null, false);
      assertThat(picked.getClass().getName()).isEqualTo("p.B");
    }
  }

  @Test
  void refusesATypeItCannotResolveAndLeavesTheJarAsItWas(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, Map.of("p/Old.class", oldClassMerging()));
    byte[] before = Files.readAllBytes(jar);

    assertThatThrownBy(() -> OldClassFiles.upgrade(jar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot re-emit p/Old.class as a Java 8 class file: type p/")
        .hasMessageContaining("needed for its stack map frames, is neither in the jar nor in"
            + " the JDK");
    assertUntouched(dir, jar, before);
  }

  @Test
  void refusesSubroutinesAndLeavesTheJarAsItWas(@TempDir Path dir) throws Exception {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/Jsr", null,
        "java/lang/Object", null);
    MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "run", "()V", null, null);
    m.visitCode();
    Label subroutine = new Label();
    m.visitJumpInsn(Opcodes.JSR, subroutine);
    m.visitInsn(Opcodes.RETURN);
    m.visitLabel(subroutine);
    m.visitVarInsn(Opcodes.ASTORE, 0);
    m.visitVarInsn(Opcodes.RET, 0);
    m.visitMaxs(1, 1);
    m.visitEnd();
    Path jar = jar(dir, Map.of("p/Jsr.class", writer.toByteArray()));
    byte[] before = Files.readAllBytes(jar);

    assertThatThrownBy(() -> OldClassFiles.upgrade(jar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot re-emit p/Jsr.class as a Java 8 class file: run()V uses JSR/RET"
            + " (subroutines), which Java 7+ class files cannot have; inline them (recompile"
            + " p/Jsr.class) or leave it out");
    assertUntouched(dir, jar, before);
  }

  @Test
  void leavesAJarWithoutOldClassFilesAsItWas(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, Map.of("p/A.class", subclass("p/A")));
    byte[] before = Files.readAllBytes(jar);

    assertThat(OldClassFiles.upgrade(jar).packages()).isEmpty();
    assertThat(jar).hasBinaryContent(before);
  }

  @Test
  void refusesAnEntryThatIsNotAClassFile(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, Map.of("p/Fake.class", "not a class".getBytes()));

    assertThatThrownBy(() -> OldClassFiles.upgrade(jar))
        .hasMessage("p/Fake.class is not a class file (no 0xCAFEBABE header)");
  }

  /** A Java 5 class whose {@code pick} returns a new p.A or p.B: a frame needs their superclass. */
  private static byte[] oldClassMerging() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/Old", null,
        "java/lang/Object", null);
    MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "pick",
        "(Z)Ljava/lang/Object;", null, null);
    m.visitCode();
    Label b = new Label();
    Label done = new Label();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFEQ, b);
    newInstance(m, "p/A");
    m.visitJumpInsn(Opcodes.GOTO, done);
    m.visitLabel(b);
    newInstance(m, "p/B");
    m.visitLabel(done);
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    return writer.toByteArray();
  }

  private static void newInstance(MethodVisitor m, String type) {
    m.visitTypeInsn(Opcodes.NEW, type);
    m.visitInsn(Opcodes.DUP);
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, type, "<init>", "()V", false);
  }

  private static byte[] subclass(String name) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null,
        "java/lang/Object", null);
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    return writer.toByteArray();
  }

  private static Path jar(Path dir, Map<String, byte[]> classes) throws IOException {
    Path jar = dir.resolve("test.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(classes).entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String binaryName(String entryName) {
    return entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.');
  }

  /** The jar has its old bytes, and nothing else (no temporary file) is left beside it. */
  private static void assertUntouched(Path dir, Path jar, byte[] before) throws IOException {
    assertThat(jar).hasBinaryContent(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(jar);
    }
  }
}
