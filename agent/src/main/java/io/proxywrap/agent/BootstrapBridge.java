package io.proxywrap.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Puts the {@code io.proxywrap.bootstrap} classes into the bootstrap class loader, where every
 * server's class loader can see them: instrumented Tomcat code in a standalone server's common
 * loader, in Spring Boot's nested-jar loader or under JBoss Modules calls these and nothing else
 * of ours.
 *
 * <p>The bridge module's jar is in the agent jar whole ({@value #BRIDGE_JAR}, put there by the
 * build). The JVM appends only files to the bootstrap search, so it is copied to a temporary
 * file, byte for byte: no class is read and no zip is written at start-up. Its classes are
 * nowhere else in the agent jar, so nothing of ours can load them before this has run, and
 * afterwards the system loader's parent-first delegation finds the bootstrap copy: the agent and
 * the servers share one {@code ProxywrapBridge}. Nothing in this class may name them.
 */
final class BootstrapBridge {

    /** Beside this class in the agent jar; the agent module's pom copies it there. */
    static final String BRIDGE_JAR = "bridge.jar";
    /** Names tried before giving up; each fails only if another process holds the name. */
    private static final int NAME_ATTEMPTS = 100;

    private BootstrapBridge() {
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        File jar = newTemporaryFile();
        jar.deleteOnExit();
        try (InputStream in = BootstrapBridge.class.getResourceAsStream(BRIDGE_JAR);
             OutputStream out = new FileOutputStream(jar)) {
            if (in == null) {
                throw new IOException("the agent jar lacks io/proxywrap/agent/" + BRIDGE_JAR);
            }
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    /**
     * A new empty file in {@code java.io.tmpdir}. Not {@code File.createTempFile}: it names the
     * file with a {@code SecureRandom}, whose seeding took 15-20 ms of the JVM's start-up (JDK 17,
     * this project's benchmark machine). The name needs to be unique, not secret: {@code
     * createNewFile} creates it exclusively ({@code O_CREAT|O_EXCL}, which also refuses a planted
     * symbolic link), so a name another process holds is passed over, never shared.
     */
    private static File newTemporaryFile() throws IOException {
        File directory = new File(System.getProperty("java.io.tmpdir"));
        long unique = System.nanoTime();
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            File file = new File(directory, "proxywrap-bridge-" + Long.toHexString(unique + attempt) + ".jar");
            if (file.createNewFile()) {
                return file;
            }
        }
        throw new IOException("could not create a new file in " + directory + " for the bootstrap bridge after "
                + NAME_ATTEMPTS + " names");
    }
}
