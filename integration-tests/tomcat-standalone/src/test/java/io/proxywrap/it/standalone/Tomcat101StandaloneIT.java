package io.proxywrap.it.standalone;

/** The standalone suite on the Tomcat 10.1 distribution. */
class Tomcat101StandaloneIT extends StandaloneTomcatTests {

    Tomcat101StandaloneIT() {
        super("10.1");
    }
}
