package io.proxywrap.agent;

import io.proxywrap.core.config.ConfigException;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.log.AgentLog;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points.
 *
 * <p>Rules, as in OpenTelemetry's agent: do little here and never throw. A {@link Throwable}
 * escaping {@code premain} aborts the JVM with a stack trace, and one escaping {@code agentmain}
 * lands in the attaching tool; either way the application pays for our failure. The one
 * deliberate exception is an invalid configuration at JVM start, which stops the JVM: a server
 * running with a PROXY setting other than the one asked for either drops every connection or
 * lets any peer forge client addresses, and before {@code main} nothing has been served yet.
 */
public final class ProxywrapAgent {

    /** The documented prefix of the line explaining why the JVM stopped. */
    private static final String INVALID_CONFIGURATION = "invalid configuration: ";
    private static final int INVALID_CONFIGURATION_EXIT_STATUS = 1;

    /**
     * Set once instrumentation is installed. A second attach finds this same class (the system
     * loader already has it) and must not instrument again: the fields the adapters add would
     * clash, and the first configuration is the one the servers already run with.
     */
    private static boolean installed;

    private ProxywrapAgent() {
    }

    /** {@code -javaagent:proxywrap.jar[=key=value;...]}: before the application's {@code main}. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, true);
    }

    /** Attached to a running JVM: the application is serving, so nothing may stop it. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, false);
    }

    private static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean atJvmStart) {
        try {
            if (installed) {
                AgentLog.warn("proxywrap is already installed in this JVM; this attach changes nothing");
                return;
            }
            ProxywrapConfig config;
            try {
                config = ProxywrapConfig.load(agentArgs, System.getProperties(), System.getenv());
            } catch (ConfigException e) {
                rejectConfiguration(e, atJvmStart);
                return;
            }
            AgentLog.info(config.describe());
            if (!config.isIdle()) {
                BootstrapBridge.inject(instrumentation);
                Instrumentations.install(config, instrumentation, atJvmStart);
                installed = true;
            }
        } catch (Throwable t) {
            reportUnexpected(t);
        }
    }

    private static void rejectConfiguration(ConfigException e, boolean atJvmStart) {
        // Written without a level word: "[proxywrap] invalid configuration: " is the prefix users
        // and scripts look for, whichever way the agent was loaded.
        if (atJvmStart) {
            AgentLog.info(INVALID_CONFIGURATION + e.getMessage());
            System.exit(INVALID_CONFIGURATION_EXIT_STATUS);
        } else {
            AgentLog.info(INVALID_CONFIGURATION + e.getMessage()
                    + "; proxywrap installed nothing and the application runs on without it");
        }
    }

    static void reportUnexpected(Throwable t) {
        try {
            AgentLog.warn("unexpected failure, proxywrap installed nothing and the application runs on without it: "
                    + t.getClass().getName() + ": " + t.getMessage());
        } catch (Throwable ignored) {
            // Even describing the failure failed (a hostile getMessage, no memory left): stay silent
            // rather than let it escape into the JVM's start-up.
        }
    }
}
