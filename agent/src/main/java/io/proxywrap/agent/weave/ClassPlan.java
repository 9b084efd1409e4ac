package io.proxywrap.agent.weave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What {@link ClassWeaver} does to one server class: the connection's slot, fields of our own,
 * hooks into templates, and the raw reads routed through the bridge. Immutable; made in
 * {@code premain} from the adapters, used on the threads that load server classes.
 */
public final class ClassPlan {

    final List<Class<?>> templates;
    final boolean connectionSlot;
    final List<String> objectFields;
    final List<MethodHook> hooks;
    /** Null: no raw reads are rewritten. */
    final RawReads rawReads;

    private ClassPlan(Builder builder) {
        this.templates = builder.templates;
        this.connectionSlot = builder.connectionSlot;
        this.objectFields = Collections.unmodifiableList(new ArrayList<String>(builder.objectFields));
        this.hooks = Collections.unmodifiableList(new ArrayList<MethodHook>(builder.hooks));
        this.rawReads = builder.rawReads;
    }

    /**
     * @param templates the classes whose static methods the hooks name (see {@link Templates}):
     *     a server line's own, and those its adapter shares with others
     */
    public static Builder withTemplates(Class<?>... templates) {
        return new Builder(Collections.unmodifiableList(Arrays.asList(templates)));
    }

    /**
     * The server's {@code SocketChannel.read} calls in some methods, each replaced by the
     * bridge's {@code read} with the same arguments and the object that carries the connection's
     * slot (BRIEF §5, "the key move"). Rewriting the call, not hooking the method around it,
     * matters where one method both reads and parses: Tomcat's
     * {@code SecureNioChannel.processSNI()} reads and then inspects the TLS ClientHello.
     */
    static final class RawReads {
        /** Null: every method but constructors and the static initialiser. */
        final String inMethodsNamed;
        final Value owner;

        RawReads(String inMethodsNamed, Value owner) {
            this.inMethodsNamed = inMethodsNamed;
            this.owner = owner;
        }

        boolean appliesTo(String name) {
            return inMethodsNamed == null ? !name.startsWith("<") : inMethodsNamed.equals(name);
        }
    }

    public static final class Builder {
        private final List<Class<?>> templates;
        private boolean connectionSlot;
        private final List<String> objectFields = new ArrayList<String>();
        private final List<MethodHook> hooks = new ArrayList<MethodHook>();
        private RawReads rawReads;

        private Builder(List<Class<?>> templates) {
            this.templates = templates;
        }

        /**
         * A private field for the connection's state and {@code ConnectionSlot} implemented with
         * it, so the bridge reaches the state from the server's own object, and the state dies
         * with it.
         */
        public Builder connectionSlot() {
            connectionSlot = true;
            return this;
        }

        /** A private {@code Object} field of our own, named {@code proxywrap$...}. */
        public Builder objectField(String name) {
            if (!name.startsWith("proxywrap$")) {
                throw new IllegalArgumentException("our fields are named proxywrap$...: " + name);
            }
            objectFields.add(name);
            return this;
        }

        public Builder hook(MethodHook hook) {
            hooks.add(hook);
            return this;
        }

        /**
         * @param inMethodsNamed null for every method but constructors
         * @param owner the object that carries the connection's slot, {@link Value#self()} or a field
         */
        public Builder rawReads(String inMethodsNamed, Value owner) {
            rawReads = new RawReads(inMethodsNamed, owner);
            return this;
        }

        public ClassPlan build() {
            for (MethodHook hook : hooks) {
                if (hook.storedIn != null && !objectFields.contains(hook.storedIn)) {
                    throw new IllegalArgumentException(hook + " stores in " + hook.storedIn + ", which the plan does not add");
                }
            }
            return new ClassPlan(this);
        }
    }
}
