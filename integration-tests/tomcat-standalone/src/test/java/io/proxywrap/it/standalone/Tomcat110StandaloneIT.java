package io.proxywrap.it.standalone;

/** The standalone suite on the Tomcat 11.0 distribution. */
class Tomcat110StandaloneIT extends StandaloneTomcatTests {

    Tomcat110StandaloneIT() {
        super("11.0");
    }
}
