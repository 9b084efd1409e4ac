package io.proxywrap.agent;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The classes one adapter transforms ({@link ServerAdapter#instrumentedTypes()}), collected from
 * the matchers that select them.
 */
public final class InstrumentedTypes {

    private final Set<String> names = new HashSet<String>();

    /**
     * Matches these types, by name, in a class loader that {@code gate} admits (asked only for a
     * type of that name), and records them.
     */
    public AgentBuilder.RawMatcher gated(Predicate<ClassLoader> gate, String... typeNames) {
        Set<String> matched = new HashSet<String>(Arrays.asList(typeNames));
        names.addAll(matched);
        return (description, loader, module, classBeingRedefined, domain) ->
                matched.contains(description.getName()) && gate.test(loader);
    }

    /** Every type a matcher was made for: complete once the adapter's {@code instrument} has run. */
    public Set<String> names() {
        return Collections.unmodifiableSet(names);
    }
}
