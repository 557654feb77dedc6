package dev.slim.tooling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** A class file as comparable text, for OldClassFilesTest: what must not change when re-emitted. */
final class ClassFileText {

  private ClassFileText() {}

  static ClassNode node(byte[] bytes) {
    ClassNode node = new ClassNode();
    new ClassReader(bytes).accept(node, 0);
    return node;
  }

  /**
   * Everything of a class file but its version, stack map frames and max stack/locals: the class's
   * and members' declarations and, per method, every instruction with its operands (labels by
   * their order among those referred to), line numbers, try/catch blocks and local variables.
   */
  static List<String> of(byte[] classFile) {
    ClassNode c = node(classFile);
    List<String> out = new ArrayList<>();
    out.add("class " + c.access + " " + c.name + " " + c.signature + " extends " + c.superName
        + " implements " + c.interfaces + " source " + c.sourceFile + " outer " + c.outerClass
        + "." + c.outerMethod + c.outerMethodDesc);
    c.innerClasses.forEach(i -> out.add("inner " + i.access + " " + i.name + " " + i.outerName
        + " " + i.innerName));
    for (FieldNode f : c.fields) {
      out.add("field " + f.access + " " + f.name + " " + f.desc + " " + f.signature + " = "
          + f.value);
    }
    for (MethodNode m : c.methods) {
      out.add("method " + m.access + " " + m.name + m.desc + " " + m.signature + " throws "
          + m.exceptions);
      Map<LabelNode, Integer> labels = referencedLabels(m);
      for (AbstractInsnNode insn : m.instructions) {
        String text = instruction(insn, labels);
        if (text != null) {
          out.add("  " + text);
        }
      }
      for (TryCatchBlockNode t : m.tryCatchBlocks) {
        out.add("  try " + labels.get(t.start) + " " + labels.get(t.end) + " catch " + t.type
            + " at " + labels.get(t.handler));
      }
      if (m.localVariables != null) {
        for (LocalVariableNode v : m.localVariables) {
          out.add("  local " + v.index + " " + v.name + " " + v.desc + " " + v.signature + " "
              + labels.get(v.start) + "-" + labels.get(v.end));
        }
      }
    }
    return out;
  }

  /** The labels something refers to, numbered in their order of appearance. */
  private static Map<LabelNode, Integer> referencedLabels(MethodNode m) {
    Set<LabelNode> referenced = Collections.newSetFromMap(new IdentityHashMap<>());
    for (AbstractInsnNode insn : m.instructions) {
      if (insn instanceof JumpInsnNode j) {
        referenced.add(j.label);
      } else if (insn instanceof LineNumberNode line) {
        referenced.add(line.start);
      } else if (insn instanceof TableSwitchInsnNode t) {
        referenced.add(t.dflt);
        referenced.addAll(t.labels);
      } else if (insn instanceof LookupSwitchInsnNode l) {
        referenced.add(l.dflt);
        referenced.addAll(l.labels);
      }
    }
    m.tryCatchBlocks.forEach(t -> referenced.addAll(List.of(t.start, t.end, t.handler)));
    if (m.localVariables != null) {
      m.localVariables.forEach(v -> referenced.addAll(List.of(v.start, v.end)));
    }
    Map<LabelNode, Integer> labels = new IdentityHashMap<>();
    for (AbstractInsnNode insn : m.instructions) {
      if (insn instanceof LabelNode label && referenced.contains(label)) {
        labels.put(label, labels.size());
      }
    }
    return labels;
  }

  /**
   * One instruction as text; labels only where something refers to them, numbered among those
   * (a frame adds no label of its own: ASM keeps one label per bytecode offset).
   */
  private static String instruction(AbstractInsnNode insn, Map<LabelNode, Integer> labels) {
    String op = insn.getOpcode() < 0 ? "" : insn.getOpcode() + " ";
    if (insn instanceof FrameNode) {
      return null;
    } else if (insn instanceof LabelNode label) {
      return labels.containsKey(label) ? "L" + labels.get(label) : null;
    } else if (insn instanceof LineNumberNode line) {
      return "line " + line.line + " at L" + labels.get(line.start);
    } else if (insn instanceof IntInsnNode i) {
      return op + i.operand;
    } else if (insn instanceof VarInsnNode v) {
      return op + v.var;
    } else if (insn instanceof TypeInsnNode t) {
      return op + t.desc;
    } else if (insn instanceof FieldInsnNode f) {
      return op + f.owner + "." + f.name + ":" + f.desc;
    } else if (insn instanceof MethodInsnNode m) {
      return op + m.owner + "." + m.name + m.desc + (m.itf ? " interface" : "");
    } else if (insn instanceof InvokeDynamicInsnNode d) {
      return op + d.name + d.desc + " " + d.bsm + " " + List.of(d.bsmArgs);
    } else if (insn instanceof JumpInsnNode j) {
      return op + "L" + labels.get(j.label);
    } else if (insn instanceof LdcInsnNode l) {
      return op + l.cst.getClass().getSimpleName() + " " + l.cst;
    } else if (insn instanceof IincInsnNode i) {
      return op + i.var + " " + i.incr;
    } else if (insn instanceof TableSwitchInsnNode s) {
      return op + s.min + ".." + s.max + " default L" + labels.get(s.dflt) + " "
          + s.labels.stream().map(labels::get).toList();
    } else if (insn instanceof LookupSwitchInsnNode s) {
      return op + s.keys + " default L" + labels.get(s.dflt) + " "
          + s.labels.stream().map(labels::get).toList();
    } else if (insn instanceof MultiANewArrayInsnNode a) {
      return op + a.desc + " " + a.dims;
    }
    return op.strip(); // InsnNode: the opcode is all
  }
}
