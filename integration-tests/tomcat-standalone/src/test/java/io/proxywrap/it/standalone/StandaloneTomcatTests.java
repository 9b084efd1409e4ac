package io.proxywrap.it.standalone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.distribution.Distribution;
import io.proxywrap.it.distribution.DistributionTests;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The distribution suite on a Tomcat distribution started by its own {@code catalina.sh run},
 * with the agent in {@code CATALINA_OPTS}: Tomcat's classes come from its common class loader.
 */
abstract class StandaloneTomcatTests extends DistributionTests {

    private final String line;

    /** @param line the Tomcat line, "10.1": selects the distribution Maven unpacked */
    StandaloneTomcatTests(String line) {
        this.line = line;
    }

    @Override
    protected Distribution start() {
        return StandaloneTomcat.start(line);
    }

    /** Tomcat's VersionLoggerListener: what catalina.sh really started. */
    @Test
    void catalinaShRanTheDistributionWithTheAgentOnOurJdk() {
        String context = server.output();
        assertOutputLine("Server version name:", "Apache Tomcat/" + server.version(), context);
        assertOutputLine("Java Home:", System.getProperty("java.home"), context);
        assertOutputLine("Command line argument:", "-javaagent:" + Distribution.AGENT_JAR, context);
        assertOutputLine("CATALINA_BASE:", "proxywrap-tomcat-", context);
    }

    private void assertOutputLine(String label, String expectedPart, String context) {
        Optional<String> found = server.outputLine(l -> l.contains(label) && l.contains(expectedPart));
        assertTrue(found.isPresent(), "expected a \"" + label + "\" line of Tomcat's with " + expectedPart + ":\n"
                + context);
    }
}
