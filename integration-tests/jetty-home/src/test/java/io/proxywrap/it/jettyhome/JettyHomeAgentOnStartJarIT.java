package io.proxywrap.it.jettyhome;

/**
 * {@code java -javaagent:proxywrap.jar -Dproxywrap.ports=<port> -jar $JETTY_HOME/start.jar}: the
 * agent on the one JVM, which runs Jetty.
 */
class JettyHomeAgentOnStartJarIT extends JettyHomeTests {

    JettyHomeAgentOnStartJarIT() {
        super(JettyHome.Launch.AGENT_ON_START_JAR);
    }
}
