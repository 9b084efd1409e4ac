package io.proxywrap.server.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.agent.weave.ClassWeaver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Tomcat plan fits the Tomcat the agent compiles against (9.0, the oldest line), and every
 * template it names keeps the rules of a template. The integration tests run the woven classes
 * on each supported line.
 */
class TomcatAdapterTest {

    private static final ClassLoader LOADER = TomcatAdapterTest.class.getClassLoader();

    @Test
    void everyPlanWeavesTheTomcatOnTheClassPath() throws Exception {
        List<String> woven = new ArrayList<String>();
        for (WovenType type : new TomcatAdapter().wovenTypes()) {
            byte[] original = ClassFiles.read(LOADER, type.name());
            assertNotNull(original, type.name());
            byte[] changed = ClassWeaver.weave(type.planFor(LOADER), original);
            assertFalse(Arrays.equals(original, changed), type.name());
            woven.add(type.name().substring(type.name().lastIndexOf('.') + 1));
        }
        assertEquals(Arrays.asList("NioEndpoint$NioSocketWrapper", "NioChannel", "SecureNioChannel", "Http11Processor",
                "StreamProcessor", "NioEndpoint", "Nio2Endpoint", "AprEndpoint"), woven);
    }

    @Test
    void theGateAdmitsTheTomcatOnTheClassPath() {
        assertTrue(new TomcatLine().supports(LOADER));
    }
}
