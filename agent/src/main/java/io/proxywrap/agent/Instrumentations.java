package io.proxywrap.agent;

import static net.bytebuddy.matcher.ElementMatchers.none;

import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.log.AgentLog;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Wires the server adapters to the bridge and installs their transformations. Loaded only after
 * {@link BootstrapBridge#inject}, since it names the bridge.
 *
 * <p>What happens here at JVM start is added to the application's start-up, so {@code premain}
 * itself loads no Byte Buddy. It registers {@link ServerClassTransformer}, which knows the
 * adapters' class names, and makes Byte Buddy's transformer on a thread of its own while the
 * JVM goes on to start the application. Making it costs a few hundred milliseconds of CPU, most
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
        ServerClassTransformer transformer = new ServerClassTransformer(adapters, config.debug());
        if (atJvmStart) {
            // A daemon: an application that ends before it is done must not wait for it.
            Thread maker = new Thread(() -> transformer.make(() -> byteBuddyTransformer(adapters)),
                    "proxywrap-instrumentation");
            maker.setDaemon(true);
            maker.start();
            register(transformer, instrumentation);
        } else if (transformer.make(() -> byteBuddyTransformer(adapters))) {
            // Attached to a running application: nothing is waiting for us, and what loaded before
            // us must be reported once the transformer is in place.
            register(transformer, instrumentation);
            reportAlreadyLoaded(instrumentation, adapters);
        }
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
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            for (ServerAdapter adapter : adapters) {
                if (adapter.instrumentedTypes().contains(loaded.getName())) {
                    AgentLog.warn(loaded.getName() + " was loaded before proxywrap was attached, so its server is"
                            + " not covered; load proxywrap with -javaagent when the JVM starts");
                    return;
                }
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
