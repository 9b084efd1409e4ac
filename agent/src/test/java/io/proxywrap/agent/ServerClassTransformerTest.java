package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which classes are woven, and that a class that cannot be woven loads unchanged. */
class ServerClassTransformerTest {

    private static final ClassLoader LOADER = ServerClassTransformerTest.class.getClassLoader();

    private final ServerClassTransformer transformer = new ServerClassTransformer(
            Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(), new UndertowAdapter()), false);

    @Test
    void classesNoAdapterChangesPass() {
        byte[] classfile = ClassFiles.read(LOADER, "java.lang.String");
        assertNull(transformer.transform(LOADER, "java/lang/String", null, null, classfile));
        assertNull(transformer.transform(LOADER, "org/apache/catalina/startup/Tomcat", null, null, classfile));
        assertNull(transformer.transform(LOADER, null, null, null, classfile), "hidden classes have no name");
        assertFalse(transformer.weaves("java.lang.String"));
        assertTrue(transformer.weaves("org.apache.tomcat.util.net.NioChannel"), "what a late attach reports");
    }

    /** One class of each server, as the test class path holds it (Tomcat 9, Jetty 9.4, Undertow 2.2). */
    @ParameterizedTest
    @ValueSource(strings = {"org.apache.tomcat.util.net.NioChannel", "org.eclipse.jetty.server.ServerConnector",
        "org.xnio.nio.NioXnioWorker"})
    void eachServersClassesAreWoven(String name) {
        byte[] original = ClassFiles.read(LOADER, name);
        assertNotNull(original, name + " is on the test class path");

        byte[] woven = transformer.transform(LOADER, name.replace('.', '/'), null, null, original);

        assertNotNull(woven, name);
        assertFalse(Arrays.equals(original, woven));
    }

    @Test
    void aClassTheGateRefusesOrThePlanDoesNotFitLoadsUnchanged() {
        String name = "org.apache.tomcat.util.net.NioChannel";
        byte[] original = ClassFiles.read(LOADER, name);
        ClassLoader withoutTomcat = new ClassLoader(null) {
        };
        assertNull(transformer.transform(withoutTomcat, name.replace('.', '/'), null, null, original));

        byte[] notNioChannel = ClassFiles.read(LOADER, "java.lang.String");
        assertNull(transformer.transform(LOADER, name.replace('.', '/'), null, null, notNioChannel),
                "no reset or read to hook: a warning, and the class as it is");
    }
}
