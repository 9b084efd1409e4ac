package io.proxywrap.agent;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.log.AgentLog;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Wires the server adapters to the bridge and installs their transformations. Loaded only after
 * {@link BootstrapBridge#inject}, since it names the bridge.
 */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(ProxywrapConfig config, Instrumentation instrumentation, boolean atJvmStart) {
        List<ServerAdapter> adapters = Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(),
                new UndertowAdapter());
        ProxywrapBridge.install(new AgentHooks(config, adapters));
        AgentBuilder builder = new AgentBuilder.Default()
                // The adapters add a field to a server class, which only a class being loaded can
                // take (retransformation may not change a class's shape): transform on load only.
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REBASE)
                .with(new FailureReport())
                .ignore(nameStartsWith("io.proxywrap.").or(nameStartsWith("java.")).or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")));
        for (ServerAdapter adapter : adapters) {
            builder = adapter.instrument(builder);
        }
        builder.installOn(instrumentation);
        if (!atJvmStart) {
            reportAlreadyLoaded(instrumentation, adapters);
        }
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
