package dev.slim.tooling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A build step, not part of slim.jar: rewrites, in place, every class file of a jar whose major
 * version is below 50 (Java 6, the first with stack map frames) as a Java 8 class file (major 52)
 * with frames computed by ASM. The bytecode stays as it was; only the version and the new
 * StackMapTable attributes differ. The JVM can verify such a class file when it makes its start-up
 * cache, so the cache holds it: JDK 24+'s AOT cache leaves older class files out, and JDK 17's
 * static archive verifies them again on every start.
 *
 * <p>Stack map frames need the common superclass of two types where control flow merges; those are
 * looked up in the jar itself and the JDK, and a type found in neither fails the step rather than
 * being guessed. Every other entry is copied byte for byte, in its order, and the jar is replaced
 * only once the new one is complete; a notice entry names what was changed, as picocli's
 * Apache-2.0 licence asks of modified files.
 *
 * <p>Usage: {@code OldClassFiles JAR}. Maven runs it after the shade execution (cli/pom.xml).
 */
public final class OldClassFiles {

  /** Java 6: the first class file version that may carry stack map frames. */
  static final int FIRST_WITH_FRAMES = Opcodes.V1_6;
  static final int TARGET = Opcodes.V1_8;
  static final String NOTICE = "META-INF/slim-changed-class-files.txt";

  /** What was rewritten: the number of class files per package ({@code a/b}), sorted. */
  public record Result(SortedMap<String, Integer> packages) {
    public Result {
      packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
    }

    int classFiles() {
      return packages.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private OldClassFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: OldClassFiles JAR");
    }
    Path jar = Path.of(args[0]);
    Result result = upgrade(jar);
    if (result.packages().isEmpty()) {
      System.out.println("[slim] " + jar.getFileName() + ": no class file below Java 6, unchanged");
    } else {
      System.out.println("[slim] " + jar.getFileName() + ": re-emitted " + result.classFiles()
          + " class files below Java 6 as Java 8 class files with computed stack map frames: "
          + result.packages());
    }
  }

  /**
   * Rewrites the jar's class files below Java 6; leaves the jar untouched when there are none or
   * when any of them cannot be rewritten (then throws {@link IllegalStateException}).
   */
  public static Result upgrade(Path jar) throws IOException {
    Path absolute = jar.toAbsolutePath();
    try (ZipFile zip = ZipFile.builder().setPath(absolute).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
      Map<String, byte[]> rewritten = new LinkedHashMap<>();
      SortedMap<String, Integer> packages = new TreeMap<>();
      try (URLClassLoader types = new URLClassLoader(new URL[] {absolute.toUri().toURL()},
          ClassLoader.getPlatformClassLoader())) {
        for (ZipArchiveEntry entry : entries) {
          if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
            continue;
          }
          byte[] bytes;
          try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
          }
          if (majorVersion(entry.getName(), bytes) >= FIRST_WITH_FRAMES) {
            continue;
          }
          rewritten.put(entry.getName(), rewrite(entry.getName(), bytes, types));
          packages.merge(packageOf(entry.getName()), 1, Integer::sum);
        }
      }
      Result result = new Result(packages);
      if (!rewritten.isEmpty()) {
        replace(absolute, zip, entries, rewritten, result);
      }
      return result;
    }
  }

  /** The class file's major version; fails on anything that is not a class file. */
  static int majorVersion(String name, byte[] bytes) {
    if (bytes.length < 8 || (bytes[0] & 0xff) != 0xca || (bytes[1] & 0xff) != 0xfe
        || (bytes[2] & 0xff) != 0xba || (bytes[3] & 0xff) != 0xbe) {
      throw new IllegalStateException(name + " is not a class file (no 0xCAFEBABE header)");
    }
    return (bytes[6] & 0xff) << 8 | (bytes[7] & 0xff);
  }

  private static String packageOf(String entryName) {
    int slash = entryName.lastIndexOf('/');
    return slash < 0 ? "(default package)" : entryName.substring(0, slash);
  }

  /** The class file as Java 8 with computed frames; the constant pool is copied as it was. */
  static byte[] rewrite(String entryName, byte[] bytes, ClassLoader types) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ResolvingWriter(reader, types);
    try {
      reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
        @Override
        public void visit(int version, int access, String name, String signature,
            String superName, String[] interfaces) {
          super.visit(TARGET, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
            String signature, String[] exceptions) {
          return new NoSubroutines(super.visitMethod(access, name, descriptor, signature,
              exceptions), entryName, name + descriptor);
        }
      }, ClassReader.SKIP_FRAMES);
      return writer.toByteArray();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot re-emit " + entryName + " as a Java 8 class file: "
          + e.getMessage(), e);
    }
  }

  /** JSR and RET (subroutines) are not allowed in Java 7+ class files; ASM cannot frame them. */
  private static final class NoSubroutines extends MethodVisitor {
    private final String entryName;
    private final String method;

    NoSubroutines(MethodVisitor next, String entryName, String method) {
      super(Opcodes.ASM9, next);
      this.entryName = entryName;
      this.method = method;
    }

    private IllegalStateException refuse() {
      return new IllegalStateException(method + " uses JSR/RET (subroutines), which Java 7+ class"
          + " files cannot have; inline them (recompile " + entryName + ") or leave it out");
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      if (opcode == Opcodes.JSR) {
        throw refuse();
      }
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      if (opcode == Opcodes.RET) {
        throw refuse();
      }
      super.visitVarInsn(opcode, varIndex);
    }
  }

  /** Finds common superclasses among the jar's own classes and the JDK's, never by guessing. */
  private static final class ResolvingWriter extends ClassWriter {
    private final ClassLoader types;

    ResolvingWriter(ClassReader reader, ClassLoader types) {
      super(reader, ClassWriter.COMPUTE_FRAMES);
      this.types = types;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
      Class<?> first = load(type1);
      Class<?> second = load(type2);
      if (first.isAssignableFrom(second)) {
        return type1;
      }
      if (second.isAssignableFrom(first)) {
        return type2;
      }
      if (first.isInterface() || second.isInterface()) {
        return "java/lang/Object"; // the verifier treats interface types as Object
      }
      Class<?> common = first.getSuperclass();
      while (!common.isAssignableFrom(second)) {
        common = common.getSuperclass();
      }
      return common.getName().replace('.', '/');
    }

    private Class<?> load(String internalName) {
      try {
        return Class.forName(internalName.replace('/', '.'), false, types);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("type " + internalName + ", needed for its stack map"
            + " frames, is neither in the jar nor in the JDK (" + e + ")", e);
      }
    }

    @Override
    protected ClassLoader getClassLoader() {
      return types;
    }
  }

  /** Writes the new jar next to the old one and moves it over the old one once it is complete. */
  private static void replace(Path jar, ZipFile zip, List<ZipArchiveEntry> entries,
      Map<String, byte[]> rewritten, Result result) throws IOException {
    Path temp = Files.createTempFile(jar.getParent(), jar.getFileName() + ".", ".tmp");
    try {
      try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(temp)) {
        for (ZipArchiveEntry entry : entries) {
          byte[] bytes = rewritten.get(entry.getName());
          if (entry.getName().equals(NOTICE)) {
            continue; // an earlier notice: the new one below replaces it
          }
          if (bytes == null) {
            try (InputStream raw = zip.getRawInputStream(entry)) {
              out.addRawArchiveEntry(entry, raw);
            }
            continue;
          }
          ZipArchiveEntry copy = new ZipArchiveEntry(entry);
          put(out, copy, bytes);
        }
        ZipArchiveEntry notice = new ZipArchiveEntry(NOTICE);
        notice.setMethod(ZipArchiveEntry.DEFLATED);
        notice.setTime(entries.get(0).getTime()); // the manifest's, normally
        put(out, notice, notice(result).getBytes(StandardCharsets.UTF_8));
      }
      if (Files.getFileStore(jar).supportsFileAttributeView(PosixFileAttributeView.class)) {
        // a temp file is private (0600); the jar keeps the mode it had
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(jar));
      }
      Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void put(ZipArchiveOutputStream out, ZipArchiveEntry entry, byte[] bytes)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setSize(bytes.length);
    entry.setCrc(crc.getValue());
    entry.setCompressedSize(entry.getMethod() == ZipArchiveEntry.STORED ? bytes.length
        : ArchiveEntry.SIZE_UNKNOWN);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  static String notice(Result result) {
    List<String> lines = new ArrayList<>();
    lines.add("slim's build changed the class files listed below, which come from the libraries"
        + " bundled in this jar:");
    lines.add("they were re-emitted as Java 8 class files (major version 52) with stack map frames"
        + " computed by ASM,");
    lines.add("so that the JVM's start-up cache can hold them. Their bytecode is unchanged.");
    lines.add("");
    result.packages().forEach((pkg, count) -> lines.add(pkg + "/*.class (" + count + " files)"));
    return String.join("\n", lines) + "\n";
  }
}
