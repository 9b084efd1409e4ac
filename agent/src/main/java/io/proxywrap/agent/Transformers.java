package io.proxywrap.agent;

import io.proxywrap.bootstrap.ConnectionSlot;
import io.proxywrap.bootstrap.ProxiedConnection;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FieldAccessor;

/** The transformations every server adapter applies in the same way. */
public final class Transformers {

    /** The {@link ConnectionSlot} field; {@code $} keeps it clear of the servers' own names. */
    static final String SLOT_FIELD = "proxywrap$connection";

    private Transformers() {
    }

    /**
     * Gives a server's per-connection class a field for the connection's state and implements
     * {@link ConnectionSlot} with it, so that {@code ProxywrapBridge.attach/connectionOf} reach it
     * and the state dies with the server's object.
     */
    public static AgentBuilder.Transformer connectionSlot() {
        return (type, description, loader, module, domain) -> type
                .defineField(SLOT_FIELD, ProxiedConnection.class, Visibility.PRIVATE)
                .implement(ConnectionSlot.class)
                .intercept(FieldAccessor.ofField(SLOT_FIELD));
    }

    /**
     * Advice read from the agent jar as class files: it names server types that the agent's own
     * class loader cannot see, and is inlined into the server's classes.
     */
    public static AgentBuilder.Transformer.ForAdvice advice() {
        return new AgentBuilder.Transformer.ForAdvice().include(Transformers.class.getClassLoader());
    }
}
