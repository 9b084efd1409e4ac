package io.proxywrap.it.jettyhome;

/**
 * {@code java -jar $JETTY_HOME/start.jar} with {@code --exec} and the agent's options in
 * {@code start.d/proxywrap.ini}: start.jar forks the JVM that runs Jetty, with the agent.
 */
class JettyHomeAgentInForkedJvmIT extends JettyHomeTests {

    JettyHomeAgentInForkedJvmIT() {
        super(JettyHome.Launch.AGENT_IN_FORKED_JVM);
    }
}
