package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names {@link ServerClassTransformer} hands to Byte Buddy are declared apart from the
 * matchers that select classes: a matcher naming anything else must fail loudly, or its class
 * would silently load unchanged.
 */
class InstrumentedTypesTest {

    private static final ClassLoader LOADER = InstrumentedTypesTest.class.getClassLoader();

    @Test
    void aMatcherMatchesItsDeclaredTypesInAnAdmittedLoader() {
        InstrumentedTypes types = new InstrumentedTypes(Arrays.asList("a.B", "a.C"));
        AgentBuilder.RawMatcher matcher = types.gated(loader -> loader == LOADER, "a.B");
        assertTrue(matcher.matches(type("a.B"), LOADER, null, null, null));
        assertFalse(matcher.matches(type("a.C"), LOADER, null, null, null));
        assertFalse(matcher.matches(type("a.B"), new ClassLoader(LOADER) { }, null, null, null));
    }

    @Test
    void aMatcherMayNotNameAnUndeclaredType() {
        InstrumentedTypes types = new InstrumentedTypes(Arrays.asList("a.B"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> types.gated(loader -> true, "a.B", "a.D"));
        assertEquals("not declared as instrumented types: [a.D]", e.getMessage());
    }

    /** The adapters still on Byte Buddy. */
    static List<ServerAdapter> adapters() {
        return Arrays.asList(new JettyAdapter(), new UndertowAdapter());
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void everyAdapterDeclaresWhatItsMatchersName(ServerAdapter adapter) {
        adapter.instrument(new AgentBuilder.Default());
        assertFalse(adapter.instrumentedTypes().isEmpty());
    }

    private static TypeDescription type(String name) {
        return new TypeDescription.Latent(name, 0, TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class));
    }
}
