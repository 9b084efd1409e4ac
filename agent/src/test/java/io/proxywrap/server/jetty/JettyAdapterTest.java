package io.proxywrap.server.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxywrap.agent.WovenType;
import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.agent.weave.ClassPlan;
import io.proxywrap.agent.weave.ClassWeaver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every plan of 9.4 fits the Jetty the agent compiles against (9.4.58), and every template it
 * names keeps the rules of a template; a loader's plan is its line's. The integration tests run
 * the woven classes of each line.
 */
class JettyAdapterTest {

    private static final ClassLoader LOADER = JettyAdapterTest.class.getClassLoader();

    @Test
    void everyPlanOf94WeavesTheJettyOnTheClassPath() {
        List<String> woven = new ArrayList<String>();
        for (Map.Entry<String, ClassPlan> plan : JettyAdapter.plansOf(JettyLine.JETTY_9_4).entrySet()) {
            byte[] original = ClassFiles.read(LOADER, plan.getKey());
            assertNotNull(original, plan.getKey());
            byte[] changed = ClassWeaver.weave(plan.getValue(), original);
            assertFalse(Arrays.equals(original, changed), plan.getKey());
            woven.add(plan.getKey().substring(plan.getKey().lastIndexOf('.') + 1));
        }
        assertEquals(Arrays.asList("ServerConnector", "ServerConnector$ServerConnectorManager", "ChannelEndPoint",
                "IdleTimeout", "SslConnection$DecryptedEndPoint", "SslConnection", "HttpChannel"), woven);
    }

    @Test
    void aLoadersPlansAreThoseOfItsLine() {
        assertEquals(JettyLine.JETTY_9_4, new JettyGate().lineOf(LOADER));
        List<String> planned = new ArrayList<String>();
        for (WovenType type : new JettyAdapter().wovenTypes()) {
            if (type.planFor(LOADER) != null) {
                planned.add(type.name());
            }
        }
        assertEquals(new ArrayList<String>(JettyAdapter.plansOf(JettyLine.JETTY_9_4).keySet()), planned);
        assertNull(planFor("org.eclipse.jetty.server.internal.HttpChannelState"), "a class of 12 only");
    }

    private static ClassPlan planFor(String name) {
        for (WovenType type : new JettyAdapter().wovenTypes()) {
            if (type.name().equals(name)) {
                return type.planFor(LOADER);
            }
        }
        throw new AssertionError(name + " is not woven on any line");
    }
}
