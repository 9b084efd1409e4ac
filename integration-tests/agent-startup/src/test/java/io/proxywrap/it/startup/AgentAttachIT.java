package io.proxywrap.it.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.startup.JavaProcess.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code agentmain}: attached to a running application, the agent never stops it. */
class AgentAttachIT {

    private static Result attach(String agentArgs) throws Exception {
        return attach(agentArgs, 1);
    }

    private static Result attach(String agentArgs, int times) throws Exception {
        Path classes = Path.of(SelfAttachingApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return JavaProcess.run("-Djdk.attach.allowAttachSelf=true", "-cp", classes.toString(),
                SelfAttachingApplication.class.getName(), JavaProcess.AGENT_JAR.toString(), agentArgs,
                Integer.toString(times));
    }

    /** Asserts the application ran to its normal end, returning the lines the agent wrote. */
    private static List<String> agentLinesOfHealthyApplication(Result result, String bridgeLoader) {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(SelfAttachingApplication.BRIDGE_LOADER + bridgeLoader + "\n" + SelfAttachingApplication.STILL_RUNNING,
                result.stdout().strip(), result::toString);
        return result.agentLines();
    }

    private static String agentLineOfHealthyApplication(Result result, String bridgeLoader) {
        List<String> lines = agentLinesOfHealthyApplication(result, bridgeLoader);
        assertEquals(1, lines.size(), result::toString);
        return lines.get(0);
    }

    @Test
    void invalidConfigurationInstallsNothingAndTheApplicationRunsOn() throws Exception {
        assertEquals("[proxywrap] invalid configuration: ports=\"80x\" (agent argument): expected a comma-separated "
                + "list of TCP ports 1-65535; \"80x\" is not a port number; proxywrap installed nothing and the "
                + "application runs on without it", agentLineOfHealthyApplication(attach("ports=80x"), "none"));
    }

    @Test
    void validConfigurationIsReported() throws Exception {
        String line = agentLineOfHealthyApplication(attach("ports=8080;mode=optional"), "bootstrap");
        assertTrue(line.matches("\\[proxywrap] proxywrap \\S+: ports 8080 mode=optional trusted=ANY .*"), line);
    }

    @Test
    void aSecondAttachChangesNothing() throws Exception {
        List<String> lines = agentLinesOfHealthyApplication(attach("ports=8080", 2), "bootstrap");
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("[proxywrap] proxywrap "), lines::toString);
        assertEquals("[proxywrap] WARN proxywrap is already installed in this JVM; this attach changes nothing",
                lines.get(1));
    }
}
