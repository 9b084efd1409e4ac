package io.proxywrap.agent;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The classes one adapter transforms ({@link ServerAdapter#instrumentedTypes()}). They are
 * declared when the adapter is made, without Byte Buddy, because {@link ServerClassTransformer}
 * picks the classes to hand to Byte Buddy by these names while Byte Buddy is still being set up;
 * {@link #gated} refuses any other name, so a matcher cannot select a class the filter drops.
 */
public final class InstrumentedTypes {

    private final Set<String> names;

    /** @param names binary names, e.g. {@code org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper} */
    public InstrumentedTypes(Collection<String> names) {
        this.names = Collections.unmodifiableSet(new HashSet<String>(names));
    }

    /**
     * Matches these types, by name, in a class loader that {@code gate} admits (asked only for a
     * type of that name).
     *
     * @throws IllegalArgumentException if a name was not declared
     */
    public AgentBuilder.RawMatcher gated(Predicate<ClassLoader> gate, String... typeNames) {
        Set<String> matched = new HashSet<String>(Arrays.asList(typeNames));
        if (!names.containsAll(matched)) {
            matched.removeAll(names);
            throw new IllegalArgumentException("not declared as instrumented types: " + matched);
        }
        return (description, loader, module, classBeingRedefined, domain) ->
                matched.contains(description.getName()) && gate.test(loader);
    }

    public Set<String> names() {
        return names;
    }
}
