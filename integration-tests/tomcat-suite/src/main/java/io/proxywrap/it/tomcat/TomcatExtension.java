package io.proxywrap.it.tomcat;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One {@link TomcatUnderTest} per test class: started before its first test, stopped after its
 * last (also when one failed), and its output (the agent's lines among it) attached to every
 * failure, since what the agent said is usually the explanation.
 */
final class TomcatExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    private final Supplier<TomcatUnderTest> starter;
    private TomcatUnderTest tomcat;

    private TomcatExtension(Supplier<TomcatUnderTest> starter) {
        this.starter = starter;
    }

    static TomcatExtension allConnectors() {
        return new TomcatExtension(TomcatUnderTest::startAllConnectors);
    }

    static TomcatExtension oneListedPort(String... agentProperties) {
        return new TomcatExtension(() -> TomcatUnderTest.startOneListedPort(agentProperties));
    }

    TomcatUnderTest get() {
        return tomcat;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        tomcat = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (tomcat != null) {
            tomcat.close();
            tomcat = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (tomcat != null) {
            failure.addSuppressed(new ServerOutput(tomcat.output()));
        }
        throw failure;
    }

    /** Carries the server's output into the failure report; not itself a failure. */
    private static final class ServerOutput extends Exception {
        ServerOutput(String output) {
            super("Tomcat's output so far:\n" + output, null, false, false);
        }
    }
}
