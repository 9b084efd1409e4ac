package io.proxywrap.it.server;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One {@link ServerUnderTest} per test class: started before its first test, stopped after its
 * last (also when one failed), and its output (the agent's lines among it) attached to every
 * failure, since what the agent said is usually the explanation.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    private final Supplier<ServerUnderTest> starter;
    private ServerUnderTest server;

    private ServerExtension(Supplier<ServerUnderTest> starter) {
        this.starter = starter;
    }

    public static ServerExtension allConnectors() {
        return new ServerExtension(ServerUnderTest::startAllConnectors);
    }

    public static ServerExtension oneListedPort(String... agentProperties) {
        return new ServerExtension(() -> ServerUnderTest.startOneListedPort(agentProperties));
    }

    public ServerUnderTest get() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (server != null) {
            failure.addSuppressed(new ServerOutput(server.output()));
        }
        throw failure;
    }

    /** Carries the server's output into the failure report; not itself a failure. */
    private static final class ServerOutput extends Exception {
        ServerOutput(String output) {
            super("the server's output so far:\n" + output, null, false, false);
        }
    }
}
