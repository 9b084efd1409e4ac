package io.proxywrap.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the {@code io.proxywrap.bootstrap} classes into the bootstrap class loader, where every
 * server's class loader can see them: instrumented Tomcat code in a standalone server's common
 * loader, in Spring Boot's nested-jar loader or under JBoss Modules calls these and nothing else
 * of ours.
 *
 * <p>Their class files are copied out of the agent jar into a small temporary jar appended to
 * the bootstrap search path. This must happen before anything loads them: after it, the
 * system loader's parent-first delegation finds the bootstrap copy, so the agent and the
 * servers share one {@code ProxywrapBridge}. Nothing in this class may name them.
 */
final class BootstrapBridge {

    private static final String PACKAGE_PATH = "io/proxywrap/bootstrap/";
    /** Every class of the bridge package; {@code BootstrapBridgeTest} keeps this list complete. */
    static final String[] CLASSES = {
        "ConnectionSlot", "ProxiedConnection", "ProxywrapBridge", "ProxywrapBridge$Hooks",
    };

    private BootstrapBridge() {
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        File jar = File.createTempFile("proxywrap-bootstrap-", ".jar");
        jar.deleteOnExit();
        ClassLoader agentLoader = BootstrapBridge.class.getClassLoader();
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar))) {
            for (String name : CLASSES) {
                String path = PACKAGE_PATH + name + ".class";
                try (InputStream in = agentLoader.getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IOException("the agent jar lacks " + path);
                    }
                    out.putNextEntry(new ZipEntry(path));
                    copy(in, out);
                    out.closeEntry();
                }
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
    }
}
