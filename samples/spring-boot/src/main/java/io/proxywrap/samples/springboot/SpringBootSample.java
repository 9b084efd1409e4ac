package io.proxywrap.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * A Spring Boot web application on its embedded Tomcat (default NIO connector):
 * {@code GET /} is a WebSocket echo page, {@code /echo} its endpoint, {@code GET /whoami} plain
 * text. Packaged as an executable jar, started with
 * {@code -javaagent:proxywrap.jar -Dproxywrap.ports=<port>}, everything it reports is the PROXY
 * header's client. The port is Spring Boot's {@code server.port} (8080 unless set).
 */
@SpringBootApplication
public class SpringBootSample {

    public static void main(String[] args) {
        SpringApplication.run(SpringBootSample.class, args);
    }

    /** Once Tomcat listens: the line the sample's README and test look for. */
    @EventListener
    public void listening(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        System.out.println("spring-boot sample listening on port " + port + ": http://localhost:" + port
                + "/ (WebSocket echo page), http://localhost:" + port + "/whoami (plain text)");
    }
}
