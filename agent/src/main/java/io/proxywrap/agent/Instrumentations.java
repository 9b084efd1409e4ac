package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.log.AgentLog;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Wires the server adapters to the bridge and registers {@link ServerClassTransformer}, which
 * weaves their classes as they load. Loaded only after {@link BootstrapBridge#inject}, since it
 * names the bridge. What happens here at JVM start is added to the application's start-up, so it
 * only builds the adapters' plans; ASM loads, and the templates' class files are read, with the
 * first server class woven.
 */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(ProxywrapConfig config, Instrumentation instrumentation, boolean atJvmStart) {
        List<ServerAdapter> adapters = Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(),
                new UndertowAdapter());
        ProxywrapBridge.install(new AgentHooks(config, adapters));
        // Classes as they load only: the adapters add fields to server classes, which only a
        // class being loaded can take (retransformation may not change a class's shape).
        ServerClassTransformer transformer = new ServerClassTransformer(adapters, config.debug());
        instrumentation.addTransformer(transformer, false);
        if (!atJvmStart) {
            reportAlreadyLoaded(instrumentation, transformer);
        }
    }

    /** Attached late: a server class that loaded before us cannot be instrumented any more. */
    private static void reportAlreadyLoaded(Instrumentation instrumentation, ServerClassTransformer transformer) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (transformer.weaves(loaded.getName())) {
                AgentLog.warn(loaded.getName() + " was loaded before proxywrap was attached, so its server is"
                        + " not covered; load proxywrap with -javaagent when the JVM starts");
                return;
            }
        }
    }
}
