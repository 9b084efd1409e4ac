package io.proxywrap.samples.springboot;

import io.proxywrap.samples.test.WebSocketSampleContract;
import java.util.List;
import org.apache.catalina.util.ServerInfo;

/**
 * The executable jar (spring-boot-maven-plugin's repackage) behind the shaded agent, checked as
 * its README runs it: Tomcat's classes load from {@code BOOT-INF/lib} through Spring Boot's
 * launcher, not from the class path.
 */
class SpringBootSampleIT extends WebSocketSampleContract {

    SpringBootSampleIT() {
        super("spring-boot");
    }

    /** Spring Boot's own way to set the port. */
    @Override
    protected List<String> arguments(int port) {
        return List.of("--server.port=" + port);
    }

    /**
     * Tomcat's NIO connector, by the name Tomcat gives it, of the Tomcat that Spring Boot brings:
     * the test's class path has the same tomcat-embed-core jar as the executable jar's
     * {@code BOOT-INF/lib}, so its {@code ServerInfo} names the version the agent must name.
     */
    @Override
    protected String agentStartLine(int port) {
        return "[proxywrap] " + ServerInfo.getServerInfo() + ": connector \"http-nio-" + port + "\" on port " + port
                + " reads PROXY headers";
    }
}
