package io.proxywrap.agent;

import static net.bytebuddy.matcher.ElementMatchers.none;

import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.log.AgentLog;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Wires the server adapters to the bridge and installs their transformations. Loaded only after
 * {@link BootstrapBridge#inject}, since it names the bridge.
 *
 * <p>What happens here at JVM start is added to the application's start-up, so {@code premain}
 * itself loads no Byte Buddy. It registers {@link ServerClassTransformer}, which knows the
 * adapters' class names and weaves the classes of the adapters on the weaver (tens of
 * milliseconds in all). Byte Buddy's transformer, for the others, is made only in a JVM that
 * needs it (see {@link #byteBuddyTypeOnClassPath}), on a thread of its own while the JVM goes on
 * to start the application. Making it costs a few hundred milliseconds of CPU, most
 * of it loading some 650 Byte Buddy classes and generating one: on Java 9+, Byte Buddy's
 * transformer, {@code makeRaw()}'s as much as {@code installOn}'s, is an instance of a subclass of
 * {@code AgentBuilder.Default.ExecutingTransformer} that Byte Buddy writes and loads when the
 * first one is made ({@code ExecutingTransformer.Factory.ForJava9CapableVm}). Servers load their
 * first class we change some way into their start; only that class waits for what is left.
 */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(ProxywrapConfig config, Instrumentation instrumentation, boolean atJvmStart) {
        List<ServerAdapter> adapters = Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(),
                new UndertowAdapter());
        ProxywrapBridge.install(new AgentHooks(config, adapters));
        ServerClassTransformer transformer = new ServerClassTransformer(adapters, config.debug(),
                () -> byteBuddyTransformer(adapters));
        if (atJvmStart) {
            register(transformer, instrumentation);
            if (byteBuddyTypeOnClassPath(adapters)) {
                transformer.makeInBackground();
            }
        } else {
            // Attached to a running application: nothing is waiting for us, so Byte Buddy's
            // transformer is made now (if it cannot be, what is woven is still woven), and what
            // loaded before us must be reported once the transformer is in place.
            transformer.byteBuddyReady();
            register(transformer, instrumentation);
            reportAlreadyLoaded(instrumentation, adapters);
        }
    }

    /**
     * Whether the application's class path holds a class for Byte Buddy (embedded Jetty or
     * Undertow): then its transformer is made at once, beside the application's start, rather
     * than by the server's first such class, which would wait for all of it. A server of its own
     * class loader (a Jetty distribution, WildFly) is not seen here and makes it on demand; a JVM
     * that runs Tomcat alone never makes it. Resource lookups only: nothing is loaded.
     */
    private static boolean byteBuddyTypeOnClassPath(List<ServerAdapter> adapters) {
        for (ServerAdapter adapter : adapters) {
            for (String name : adapter.instrumentedTypes()) {
                if (ClassFiles.exists(ClassLoader.getSystemClassLoader(), name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Transforms classes as they load only: the adapters add a field to a server class, which only
     * a class being loaded can take (retransformation may not change a class's shape).
     */
    private static void register(ServerClassTransformer transformer, Instrumentation instrumentation) {
        instrumentation.addTransformer(transformer, false);
    }

    /**
     * {@code makeRaw()} rather than {@code installOn}: {@link ServerClassTransformer} is what the
     * JVM calls, with its five-argument {@code transform}, which Byte Buddy's transformer handles as
     * on Java 8, without the class's module; every strategy set here ignores the module.
     */
    private static ClassFileTransformer byteBuddyTransformer(List<ServerAdapter> adapters) {
        AgentBuilder builder = new AgentBuilder.Default()
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REBASE)
                .with(new FailureReport())
                // ServerClassTransformer passes only the adapters' classes, so nothing is left to
                // ignore, and Byte Buddy's default (classes of the bootstrap loader, among others)
                // must not drop any of them.
                .ignore(none());
        for (ServerAdapter adapter : adapters) {
            builder = adapter.instrument(builder);
        }
        return builder.makeRaw();
    }

    /** Attached late: a server class that loaded before us cannot be instrumented any more. */
    private static void reportAlreadyLoaded(Instrumentation instrumentation, List<ServerAdapter> adapters) {
        Set<String> changed = new HashSet<String>();
        for (ServerAdapter adapter : adapters) {
            changed.addAll(adapter.instrumentedTypes());
            for (WovenType type : adapter.wovenTypes()) {
                changed.add(type.name);
            }
        }
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (changed.contains(loaded.getName())) {
                AgentLog.warn(loaded.getName() + " was loaded before proxywrap was attached, so its server is"
                        + " not covered; load proxywrap with -javaagent when the JVM starts");
                return;
            }
        }
    }

    /**
     * A server class we meant to change and could not: the server runs unchanged, and the
     * operator must hear it, because its configured ports now take raw PROXY bytes.
     */
    private static final class FailureReport extends AgentBuilder.Listener.Adapter {

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            AgentLog.warn("could not instrument " + typeName + ", which runs unchanged: " + throwable);
        }
    }
}
