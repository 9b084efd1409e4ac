package io.proxywrap.agent.weave;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The hooks' code: static methods of a class per server adapter or line, written in Java against the
 * server's API and copied into each server class that calls them, as a private static method
 * {@code proxywrap$<name>}. Copied rather than called, because a server's class loader sees the
 * server's types and our bootstrap bridge but never the agent's own classes.
 *
 * <p>So a template may use the JDK, {@code io.proxywrap.bootstrap} and the server's types, and
 * nothing else of ours: not the agent's classes, not another method of its own class, no lambda
 * (its body would stay behind in the template's class). {@link #copy} refuses any of them; each
 * adapter's test weaves its plans for the server version the agent compiles against, and the
 * integration tests those of every other line, so a broken rule fails the build. A template
 * catches its own {@code Throwable}s: the hook must never break the server's method. Its line
 * numbers and local variable names are not copied; they would name our source in the server's
 * stack traces.
 */
final class Templates {

    private static final Map<Class<?>, Templates> LOADED = new ConcurrentHashMap<Class<?>, Templates>();
    private static final String OURS = "io/proxywrap/";
    private static final String BRIDGE = "io/proxywrap/bootstrap/";
    static final String PREFIX = "proxywrap$";

    private final String className;
    private final byte[] classfile;
    /** Descriptor by name, static methods only. */
    private final Map<String, String> descriptors = new HashMap<String, String>();

    private Templates(Class<?> templates) {
        className = Type.getInternalName(templates);
        classfile = ClassFiles.read(templates.getClassLoader(), templates.getName());
        if (classfile == null) {
            throw new WeavingException("the class file of " + templates.getName() + " is not found");
        }
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) != 0 && !name.startsWith("<")
                        && descriptors.put(name, descriptor) != null) {
                    throw new WeavingException("template " + name + " of " + className + " is overloaded");
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
    }

    static Templates of(Class<?> templates) {
        Templates loaded = LOADED.get(templates);
        if (loaded == null) {
            loaded = new Templates(templates);
            LOADED.put(templates, loaded);
        }
        return loaded;
    }

    boolean has(String name) {
        return descriptors.containsKey(name);
    }

    /** The template's descriptor. */
    String descriptor(String name) {
        String descriptor = descriptors.get(name);
        if (descriptor == null) {
            throw new WeavingException("no static template " + name + " in " + className);
        }
        return descriptor;
    }

    /** Adds the named templates to the class {@code target} is writing. */
    void copy(ClassVisitor target, Set<String> names) {
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) == 0 || !names.contains(name)) {
                    return null;
                }
                return new Copy(name, target.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                        | Opcodes.ACC_SYNTHETIC, PREFIX + name, descriptor, null, exceptions));
            }
        }, ClassReader.SKIP_DEBUG);
    }

    /** One template's code as it is written into the server's class, checked against the rules above. */
    private final class Copy extends MethodVisitor {

        private final String template;

        Copy(String template, MethodVisitor target) {
            super(Opcodes.ASM9, target);
            this.template = template;
        }

        private void check(String typeOrDescriptor) {
            if (typeOrDescriptor == null) {
                return;
            }
            for (int at = typeOrDescriptor.indexOf(OURS); at >= 0; at = typeOrDescriptor.indexOf(OURS, at + 1)) {
                if (!typeOrDescriptor.startsWith(BRIDGE, at)) {
                    throw new WeavingException("template " + template + " of " + className + " uses "
                            + typeOrDescriptor + ", which a server's class loader cannot see");
                }
            }
        }

        @Override
        public void visitParameter(String name, int access) {
            // Names of the template's parameters: not copied, like its other debugging details.
        }

        @Override
        public org.objectweb.asm.AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return null;
        }

        @Override
        public org.objectweb.asm.AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor,
                boolean visible) {
            return null;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            check(type);
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            check(owner);
            check(descriptor);
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (owner.equals(className)) {
                throw new WeavingException("template " + template + " calls " + name
                        + " of its own class, which is not copied with it");
            }
            check(owner);
            check(descriptor);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            throw new WeavingException("template " + template + " of " + className
                    + " uses invokedynamic (a lambda?), whose code would stay in the template's class");
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Type) {
                check(((Type) value).getDescriptor());
            }
            super.visitLdcInsn(value);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            check(descriptor);
            super.visitMultiANewArrayInsn(descriptor, dimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            check(type);
            super.visitTryCatchBlock(start, end, handler, type);
        }
    }
}
