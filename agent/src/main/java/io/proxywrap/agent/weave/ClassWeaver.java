package io.proxywrap.agent.weave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Applies a {@link ClassPlan} to a server class file with plain ASM, in one pass. Methods the
 * plan does not touch are copied byte for byte (ASM's {@code ClassWriter(ClassReader, 0)}); the
 * touched ones keep their stack map frames, since the code added either has no branch or adds
 * the one frame its branch needs, at the method's start, where the frame is known from the
 * descriptor. Nothing here loads a class or asks a class loader: a transformer must not.
 *
 * <p>Fails loudly ({@link WeavingException}) when the plan does not fit the class: a hook whose
 * method is missing or a raw read that is not there means a server version we have not checked,
 * and the class then loads unchanged with a warning rather than half instrumented.
 */
public final class ClassWeaver {

    private static final String SLOT = "io/proxywrap/bootstrap/ConnectionSlot";
    static final String SLOT_FIELD = "proxywrap$connection";
    static final String CONNECTION = "Lio/proxywrap/bootstrap/ProxiedConnection;";
    /** The type of every field of ours but the slot ({@link ClassPlan.Builder#objectField}). */
    static final String OBJECT = "Ljava/lang/Object;";
    private static final String BRIDGE = "io/proxywrap/bootstrap/ProxywrapBridge";
    private static final String SOCKET_CHANNEL = "java/nio/channels/SocketChannel";
    /** {@code SocketChannel.read(ByteBuffer)} and the bridge's replacement, which adds the owner. */
    private static final String READ = "(Ljava/nio/ByteBuffer;)I";
    private static final String BRIDGE_READ = "(Ljava/nio/channels/SocketChannel;Ljava/nio/ByteBuffer;Ljava/lang/Object;)I";
    private static final String SCATTERING_READ = "([Ljava/nio/ByteBuffer;II)J";
    private static final String BRIDGE_SCATTERING_READ =
            "(Ljava/nio/channels/SocketChannel;[Ljava/nio/ByteBuffer;IILjava/lang/Object;)J";

    private ClassWeaver() {
    }

    /**
     * @return the woven class file
     * @throws WeavingException if the plan does not fit the class
     */
    public static byte[] weave(ClassPlan plan, byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new PlanWriter(writer, plan), 0);
        return writer.toByteArray();
    }

    private static final class PlanWriter extends ClassVisitor {

        private final ClassPlan plan;
        private final List<Templates> templates = new ArrayList<Templates>();
        private final Set<MethodHook> applied = new HashSet<MethodHook>();
        private final Map<Templates, Set<String>> usedTemplates = new LinkedHashMap<Templates, Set<String>>();
        private final int[] rawReadsRewritten = new int[1];
        private String className;
        private boolean isInterface;
        private int version;

        PlanWriter(ClassVisitor writer, ClassPlan plan) {
            super(Opcodes.ASM9, writer);
            this.plan = plan;
            for (Class<?> templateClass : plan.templates) {
                templates.add(Templates.of(templateClass));
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.className = name;
            this.version = version & 0xFFFF;
            this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            if (isInterface && (plan.connectionSlot || !plan.objectFields.isEmpty())) {
                throw new WeavingException(name + " is an interface and cannot hold a connection's state or"
                        + " fields of ours");
            }
            if (plan.connectionSlot) {
                List<String> all = new ArrayList<String>(Arrays.asList(interfaces != null ? interfaces : new String[0]));
                all.add(SLOT);
                interfaces = all.toArray(new String[0]);
            }
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (plan.rawReads != null && plan.rawReads.appliesTo(name) && (access & Opcodes.ACC_ABSTRACT) == 0) {
                method = new RawReadRewriter(method, access, descriptor);
            }
            List<MethodHook> hooks = new ArrayList<MethodHook>();
            for (MethodHook hook : plan.hooks) {
                if (hook.matches(name, descriptor)) {
                    hooks.add(hook);
                }
            }
            if (!hooks.isEmpty()) {
                if ((access & Opcodes.ACC_ABSTRACT) != 0) {
                    throw new WeavingException(name + descriptor + " of " + className + " has no code to hook");
                }
                method = new HookWriter(method, access, name, descriptor, hooks);
                applied.addAll(hooks);
            }
            return method;
        }

        @Override
        public void visitEnd() {
            for (MethodHook hook : plan.hooks) {
                if (!applied.contains(hook)) {
                    throw new WeavingException(className.replace('/', '.') + " has no method for " + hook);
                }
            }
            if (plan.rawReads != null && rawReadsRewritten[0] == 0) {
                throw new WeavingException(className.replace('/', '.') + " has no SocketChannel.read call in "
                        + (plan.rawReads.inMethodsNamed != null ? plan.rawReads.inMethodsNamed : "any method"));
            }
            if (plan.connectionSlot) {
                addConnectionSlot();
            }
            for (String field : plan.objectFields) {
                super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, field, OBJECT, null, null)
                        .visitEnd();
            }
            if (!usedTemplates.isEmpty()) {
                if (isInterface && version < Opcodes.V9) {
                    throw new WeavingException(className + " is an interface of Java " + (version - 44)
                            + ", which cannot have the private methods our hooks are");
                }
                for (Map.Entry<Templates, Set<String>> used : usedTemplates.entrySet()) {
                    used.getKey().copy(cv, used.getValue());
                }
            }
            super.visitEnd();
        }

        /** The one of the plan's template classes that has {@code name}. */
        private Templates templatesWith(String name) {
            Templates found = null;
            for (Templates candidate : templates) {
                if (candidate.has(name)) {
                    if (found != null) {
                        throw new WeavingException("template " + name + " is in more than one of " + plan.templates);
                    }
                    found = candidate;
                }
            }
            if (found == null) {
                throw new WeavingException("no static template " + name + " in " + plan.templates);
            }
            return found;
        }

        /** {@code ConnectionSlot}'s two methods over a private field of the same name. */
        private void addConnectionSlot() {
            super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, SLOT_FIELD, CONNECTION, null, null)
                    .visitEnd();
            MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC, SLOT_FIELD, "()" + CONNECTION, null, null);
            get.visitCode();
            get.visitVarInsn(Opcodes.ALOAD, 0);
            get.visitFieldInsn(Opcodes.GETFIELD, className, SLOT_FIELD, CONNECTION);
            get.visitInsn(Opcodes.ARETURN);
            get.visitMaxs(1, 1);
            get.visitEnd();
            MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC, SLOT_FIELD, "(" + CONNECTION + ")V", null, null);
            set.visitCode();
            set.visitVarInsn(Opcodes.ALOAD, 0);
            set.visitVarInsn(Opcodes.ALOAD, 1);
            set.visitFieldInsn(Opcodes.PUTFIELD, className, SLOT_FIELD, CONNECTION);
            set.visitInsn(Opcodes.RETURN);
            set.visitMaxs(2, 2);
            set.visitEnd();
        }

        /** Replaces each {@code SocketChannel.read} call by the bridge's, with the slot's owner added. */
        private final class RawReadRewriter extends MethodVisitor {

            private final int access;
            private final String descriptor;

            RawReadRewriter(MethodVisitor method, int access, String descriptor) {
                super(Opcodes.ASM9, method);
                this.access = access;
                this.descriptor = descriptor;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String callDescriptor,
                    boolean callIsInterface) {
                String bridgeDescriptor = opcode != Opcodes.INVOKEVIRTUAL || !owner.equals(SOCKET_CHANNEL)
                        || !name.equals("read") ? null
                        : callDescriptor.equals(READ) ? BRIDGE_READ
                        : callDescriptor.equals(SCATTERING_READ) ? BRIDGE_SCATTERING_READ : null;
                if (bridgeDescriptor == null) {
                    super.visitMethodInsn(opcode, owner, name, callDescriptor, callIsInterface);
                    return;
                }
                // The channel and the read's arguments are on the stack; the owner goes on top.
                plan.rawReads.owner.load(mv, className, access, descriptor);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "read", bridgeDescriptor, false);
                rawReadsRewritten[0]++;
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(maxStack + 1, maxLocals);
            }
        }

        /** Writes one method's hooks: the entry ones where its code starts, the exit ones before each return. */
        private final class HookWriter extends MethodVisitor {

            private final int access;
            private final String name;
            private final String descriptor;
            private final List<MethodHook> hooks;
            private int extraStack;

            HookWriter(MethodVisitor method, int access, String name, String descriptor, List<MethodHook> hooks) {
                super(Opcodes.ASM9, method);
                this.access = access;
                this.name = name;
                this.descriptor = descriptor;
                this.hooks = hooks;
            }

            @Override
            public void visitCode() {
                super.visitCode();
                for (MethodHook hook : hooks) {
                    if (hook.atEntry) {
                        if (name.equals("<init>")) {
                            throw new WeavingException("hooks at a constructor's entry would run before super(): "
                                    + hook);
                        }
                        call(hook);
                    }
                }
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    for (MethodHook hook : hooks) {
                        if (!hook.atEntry) {
                            call(hook);
                        }
                    }
                }
                super.visitInsn(opcode);
            }

            private void call(MethodHook hook) {
                Templates owner = templatesWith(hook.template);
                String templateDescriptor = owner.descriptor(hook.template);
                Type[] parameters = Type.getArgumentTypes(templateDescriptor);
                Type result = Type.getReturnType(templateDescriptor);
                Type returned = Type.getReturnType(descriptor);
                int passed = hook.outcome == MethodHook.Outcome.REPLACES_RETURN ? 1 : 0;
                if (parameters.length != passed + hook.values.size()) {
                    throw new WeavingException(hook + ": the template takes " + parameters.length
                            + " parameters, the hook passes " + (passed + hook.values.size()));
                }
                switch (hook.outcome) {
                    case NONE:
                        require(hook.storedIn != null ? isReference(result) : result.equals(Type.VOID_TYPE), hook,
                                hook.storedIn != null ? "must return a reference to store" : "must return void");
                        break;
                    case REPLACES_RETURN:
                        require(!returned.equals(Type.VOID_TYPE) && parameters[0].equals(result)
                                && (result.equals(returned) || isReference(result) && isReference(returned)), hook,
                                "must take and return " + returned + (isReference(returned) ? " or a supertype" : ""));
                        break;
                    case REPLACES_ARGUMENT:
                        Type argument = Value.argumentType(descriptor, hook.argument);
                        require(result.equals(argument), hook, "must return " + argument);
                        break;
                    default:
                        require(returned.equals(Type.VOID_TYPE), hook, "answers for a void method only");
                        require(result.getDescriptor().equals(hook.fieldDescriptor)
                                && (result.getSort() == Type.INT || result.getSort() == Type.OBJECT), hook,
                                "must return the field's type, an int or a reference");
                }
                if (hook.storedIn != null) {
                    require(isReference(result), hook, "must return a reference to store");
                    if ((access & Opcodes.ACC_STATIC) != 0) {
                        throw new WeavingException(hook + ": a static method has no object to store in");
                    }
                }
                int pushed = 0;
                for (Value value : hook.values) {
                    pushed += value.load(mv, className, access, descriptor);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, className, Templates.PREFIX + hook.template,
                        templateDescriptor, isInterface);
                Set<String> used = usedTemplates.get(owner);
                if (used == null) {
                    used = new LinkedHashSet<String>();
                    usedTemplates.put(owner, used);
                }
                used.add(hook.template);
                if (hook.outcome == MethodHook.Outcome.ANSWERS_FIELD) {
                    answerField(hook, result);
                } else if (hook.outcome == MethodHook.Outcome.REPLACES_ARGUMENT) {
                    super.visitVarInsn(result.getOpcode(Opcodes.ISTORE),
                            Value.argumentSlot(access, descriptor, hook.argument));
                }
                if (hook.storedIn != null) {
                    if (hook.outcome == MethodHook.Outcome.REPLACES_RETURN) {
                        super.visitInsn(Opcodes.DUP);
                    }
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitInsn(Opcodes.SWAP);
                    super.visitFieldInsn(Opcodes.PUTFIELD, className, hook.storedIn, OBJECT);
                }
                if (hook.outcome == MethodHook.Outcome.REPLACES_RETURN && !result.equals(returned)) {
                    super.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
                }
                // The values, or the answer or result duplicated with the object under it.
                extraStack = Math.max(extraStack, Math.max(pushed, 3));
            }

            private boolean isReference(Type type) {
                return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
            }

            /**
             * {@code if (answer is not none) { this.field = answer; return; }} with the answer still on
             * the stack at the branch, so the frame there is the method's first (its arguments, the
             * answer on the stack), and the {@code pop} after it keeps that frame off the offset where
             * the method's own code starts, which may have a frame of its own.
             */
            private void answerField(MethodHook hook, Type answer) {
                Label none = new Label();
                super.visitInsn(Opcodes.DUP);
                super.visitJumpInsn(answer.getSort() == Type.INT ? Opcodes.IFLT : Opcodes.IFNULL, none);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.SWAP);
                super.visitFieldInsn(Opcodes.PUTFIELD, className, hook.field, hook.fieldDescriptor);
                super.visitInsn(Opcodes.RETURN);
                super.visitLabel(none);
                super.visitFrame(Opcodes.F_SAME1, 0, null, 1,
                        new Object[] {answer.getSort() == Type.INT ? Opcodes.INTEGER : answer.getInternalName()});
                super.visitInsn(Opcodes.POP);
            }

            private void require(boolean condition, MethodHook hook, String what) {
                if (!condition) {
                    throw new WeavingException(hook + ": template " + what);
                }
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(maxStack + extraStack, maxLocals);
            }
        }
    }
}
