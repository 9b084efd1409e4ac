package io.proxywrap.agent.weave;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One call from a server method into a template (see {@link Templates}): where it is made, what
 * it is passed, and what its result does. Written where the method starts or before each of its
 * normal returns (an exception passes by: a hook at exit runs only when the method returns).
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
        ANSWERS_FIELD,
        /** At entry: the template returns the new value of one of the method's arguments. */
        REPLACES_ARGUMENT
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
    /** For {@link Outcome#REPLACES_ARGUMENT}: which argument, from 0. */
    final int argument;
    /** Null, or a field of ours ({@code Object}) that also gets the template's result. */
    final String storedIn;

    private MethodHook(String methodName, String methodDescriptor, boolean atEntry, String template, Outcome outcome,
            String field, String fieldDescriptor, int argument, String storedIn, List<Value> values) {
        this.methodName = methodName;
        this.methodDescriptor = methodDescriptor;
        this.atEntry = atEntry;
        this.template = template;
        this.outcome = outcome;
        this.field = field;
        this.fieldDescriptor = fieldDescriptor;
        this.argument = argument;
        this.storedIn = storedIn;
        this.values = values;
    }

    private MethodHook(String methodName, String methodDescriptor, boolean atEntry, String template, Outcome outcome,
            String field, String fieldDescriptor, int argument, Value... values) {
        this(methodName, methodDescriptor, atEntry, template, outcome, field, fieldDescriptor, argument, null,
                Collections.unmodifiableList(Arrays.asList(values)));
    }

    /**
     * Calls {@code template(values)} where the method starts.
     *
     * @param methodDescriptor e.g. {@code ()V}; null for every method of that name
     */
    public static MethodHook atEntry(String methodName, String methodDescriptor, String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, true, template, Outcome.NONE, null, null, -1, values);
    }

    /** Calls {@code template(values)} before each normal return. */
    public static MethodHook atExit(String methodName, String methodDescriptor, String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, false, template, Outcome.NONE, null, null, -1, values);
    }

    /**
     * Returns {@code template(returnValue, values)} instead of the return value. For a method
     * returning a reference, the template may take and return a supertype of it (one template for
     * {@code InetSocketAddress} and {@code SocketAddress} getters): its result is cast back, so a
     * template must return what it was given or an object of the method's own type. That it is a
     * supertype the weaver cannot check, since it loads no class: a wrong one fails the class's
     * verification when it loads, which the adapters' tests and the integration tests would show.
     */
    public static MethodHook replacingReturn(String methodName, String methodDescriptor, String template,
            Value... values) {
        return new MethodHook(methodName, methodDescriptor, false, template, Outcome.REPLACES_RETURN, null, null, -1,
                values);
    }

    /**
     * Where the method starts, {@code template(values)} becomes the new value of its argument
     * {@code argument} (from 0), of which the template returns the exact type.
     */
    public static MethodHook replacingArgument(String methodName, String methodDescriptor, int argument,
            String template, Value... values) {
        return new MethodHook(methodName, methodDescriptor, true, template, Outcome.REPLACES_ARGUMENT, null, null,
                argument, values);
    }

    /**
     * This hook, its template's result also stored in a field of ours ({@link
     * ClassPlan.Builder#objectField}) of the instrumented object: for {@link #atExit} or
     * {@link #atEntry}, a template that returns a reference instead of nothing; for
     * {@link #replacingReturn}, the value returned. What a later hook or call reads back with
     * {@link Value#field}.
     */
    public MethodHook storingResultIn(String objectField) {
        if (outcome != Outcome.NONE && outcome != Outcome.REPLACES_RETURN) {
            throw new IllegalArgumentException(this + ": only a result of its own or a return value can be stored");
        }
        return new MethodHook(methodName, methodDescriptor, atEntry, template, outcome, field, fieldDescriptor,
                argument, objectField, values);
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
                fieldDescriptor, -1, values);
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
