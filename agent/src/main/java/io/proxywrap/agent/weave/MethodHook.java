package io.proxywrap.agent.weave;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One call from a server method into a template (see {@link Templates}): where it is made, what
 * it is passed, and what its result does. Written where the method starts or before each of its
 * normal returns (an exception passes by, as with Byte Buddy's exit advice).
 */
public final class MethodHook {

    enum Outcome {
        /** The template returns nothing. */
        NONE,
        /** At exit: the template is passed the return value first and returns what is returned. */
        REPLACES_RETURN,
        /**
         * At entry of a void method: the template returns a value for a field, or "none" (null, or
         * a negative int); a value is stored and the method returns without running its own code.
         */
        ANSWERS_FIELD
    }

    final String methodName;
    /** Null: every method of that name. */
    final String methodDescriptor;
    final boolean atEntry;
    final String template;
    final List<Value> values;
    final Outcome outcome;
    /** For {@link Outcome#ANSWERS_FIELD}. */
    final String field;
    final String fieldDescriptor;

    private MethodHook(String methodName, String methodDescriptor, boolean atEntry, String template, Outcome outcome,
            String field, String fieldDescriptor, Value... values) {
        this.methodName = methodName;
        this.methodDescriptor = methodDescriptor;
        this.atEntry = atEntry;
        this.template = template;
        this.outcome = outcome;
        this.field = field;
        this.fieldDescriptor = fieldDescriptor;
        this.values = Collections.unmodifiableList(Arrays.asList(values));
    }

    /**
     * Calls {@code template(values)} where the method starts.
     *
     * @param methodDescriptor e.g. {@code ()V}; null for every method of that name
     */
    public static MethodHook atEntry(String methodName, String methodDescriptor, String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, true, template, Outcome.NONE, null, null, values);
    }

    /** Calls {@code template(values)} before each normal return. */
    public static MethodHook atExit(String methodName, String methodDescriptor, String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, false, template, Outcome.NONE, null, null, values);
    }

    /** Returns {@code template(returnValue, values)} instead of the return value. */
    public static MethodHook replacingReturn(String methodName, String methodDescriptor, String template,
            Value... values) {
        return new MethodHook(methodName, methodDescriptor, false, template, Outcome.REPLACES_RETURN, null, null,
                values);
    }

    /**
     * Where a void method starts, {@code template(values)} may answer for it: a result other than
     * null (a reference) or a negative number (an {@code int}) is stored in {@code field} and the
     * method returns at once; "none" lets it run as written.
     *
     * @param fieldDescriptor the field's JVM type, {@code Ljava/lang/String;} or {@code I}
     */
    public static MethodHook answeringField(String methodName, String methodDescriptor, String field,
            String fieldDescriptor, String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, true, template, Outcome.ANSWERS_FIELD, field,
                fieldDescriptor, values);
    }

    boolean matches(String name, String descriptor) {
        return methodName.equals(name) && (methodDescriptor == null || methodDescriptor.equals(descriptor));
    }

    @Override
    public String toString() {
        return template + " at " + (atEntry ? "entry of " : "exit of ") + methodName
                + (methodDescriptor != null ? methodDescriptor : "");
    }
}
