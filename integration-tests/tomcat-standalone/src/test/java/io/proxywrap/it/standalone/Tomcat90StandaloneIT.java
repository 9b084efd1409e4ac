package io.proxywrap.it.standalone;

/** The standalone suite on the Tomcat 9.0 distribution. */
class Tomcat90StandaloneIT extends StandaloneTomcatTests {

    Tomcat90StandaloneIT() {
        super("9.0");
    }
}
