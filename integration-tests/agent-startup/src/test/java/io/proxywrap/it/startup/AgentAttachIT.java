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
        Path classes = Path.of(SelfAttachingApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return JavaProcess.run("-Djdk.attach.allowAttachSelf=true", "-cp", classes.toString(),
                SelfAttachingApplication.class.getName(), JavaProcess.AGENT_JAR.toString(), agentArgs);
    }

    /** Asserts the application ran to its normal end, returning the one line the agent wrote. */
    private static String agentLineOfHealthyApplication(Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(SelfAttachingApplication.STILL_RUNNING, result.stdout().strip(), result::toString);
        List<String> lines = result.agentLines();
        assertEquals(1, lines.size(), result::toString);
        return lines.get(0);
    }

    @Test
    void invalidConfigurationInstallsNothingAndTheApplicationRunsOn() throws Exception {
        assertEquals("[proxywrap] invalid configuration: ports=\"80x\" (agent argument): expected a comma-separated "
                + "list of TCP ports 1-65535; \"80x\" is not a port number; proxywrap installed nothing and the "
                + "application runs on without it", agentLineOfHealthyApplication(attach("ports=80x")));
    }

    @Test
    void validConfigurationIsReported() throws Exception {
        String line = agentLineOfHealthyApplication(attach("ports=8080;mode=optional"));
        assertTrue(line.matches("\\[proxywrap] proxywrap \\S+: ports 8080 mode=optional trusted=ANY .*"), line);
    }
}
