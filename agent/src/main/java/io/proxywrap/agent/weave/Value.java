package io.proxywrap.agent.weave;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** What a hook passes to its template for one parameter: the object, an argument or a field. */
public final class Value {

    private enum Kind { SELF, ARGUMENT, FIELD }

    private final Kind kind;
    private final int argument;
    private final String field;
    private final String descriptor;

    private Value(Kind kind, int argument, String field, String descriptor) {
        this.kind = kind;
        this.argument = argument;
        this.field = field;
        this.descriptor = descriptor;
    }

    /** The instrumented object, {@code this}. */
    public static Value self() {
        return new Value(Kind.SELF, -1, null, null);
    }

    /** The connection's state, in the field a {@link ClassPlan.Builder#connectionSlot()} adds. */
    public static Value connectionSlot() {
        return field(ClassWeaver.SLOT_FIELD, ClassWeaver.CONNECTION);
    }

    /** The hooked method's argument {@code index} (from 0). */
    public static Value argument(int index) {
        return new Value(Kind.ARGUMENT, index, null, null);
    }

    /** A field of ours, which the plan adds with {@link ClassPlan.Builder#objectField}. */
    public static Value objectField(String name) {
        return field(name, ClassWeaver.OBJECT);
    }

    /**
     * A field of the instrumented object, declared by its class or a superclass.
     *
     * @param descriptor its JVM type exactly as the server declares it, e.g.
     *     {@code Lorg/apache/coyote/Request;}: a {@code getfield} names it
     */
    public static Value field(String name, String descriptor) {
        return new Value(Kind.FIELD, -1, name, descriptor);
    }

    /** Pushes the value; returns its size in stack slots. */
    int load(MethodVisitor mv, String owner, int access, String methodDescriptor) {
        if (kind != Kind.ARGUMENT && (access & Opcodes.ACC_STATIC) != 0) {
            throw new WeavingException("a static method has no instrumented object to pass");
        }
        switch (kind) {
            case SELF:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                return 1;
            case FIELD:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, field, descriptor);
                return Type.getType(descriptor).getSize();
            default:
                Type type = argumentType(methodDescriptor, argument);
                mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), argumentSlot(access, methodDescriptor, argument));
                return type.getSize();
        }
    }

    static Type argumentType(String methodDescriptor, int argument) {
        Type[] arguments = Type.getArgumentTypes(methodDescriptor);
        if (argument < 0 || argument >= arguments.length) {
            throw new WeavingException("the method has no argument " + argument);
        }
        return arguments[argument];
    }

    /** The local variable that holds the argument where the method starts. */
    static int argumentSlot(int access, String methodDescriptor, int argument) {
        Type[] arguments = Type.getArgumentTypes(methodDescriptor);
        int slot = (access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (int i = 0; i < argument; i++) {
            slot += arguments[i].getSize();
        }
        return slot;
    }

    @Override
    public String toString() {
        return kind == Kind.SELF ? "this" : kind == Kind.ARGUMENT ? "argument " + argument : "field " + field;
    }
}
