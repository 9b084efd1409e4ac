package io.proxywrap.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Puts the {@code io.proxywrap.bootstrap} classes into the bootstrap class loader, where every
 * server's class loader can see them: instrumented Tomcat code in a standalone server's common
 * loader, in Spring Boot's nested-jar loader or under JBoss Modules calls these and nothing else
 * of ours.
 *
 * <p>The bridge module's jar is in the agent jar whole ({@value #BRIDGE_JAR}, put there by the
 * build). The JVM appends only files to the bootstrap search, so it is copied to a temporary
 * file, byte for byte: no class is read and no zip is written at start-up. The file is deleted
 * when the JVM exits normally. Its classes are nowhere else in the agent jar, so nothing of ours
 * can load them before this has run, and afterwards the system loader's parent-first delegation
 * finds the bootstrap copy: the agent and the servers share one {@code ProxywrapBridge}. Nothing
 * in this class may name them.
 */
final class BootstrapBridge {

    /** Beside this class in the agent jar; the agent module's pom copies it there. */
    static final String BRIDGE_JAR = "bridge.jar";
    /** Names tried before giving up; each fails only if another process holds the name. */
    private static final int NAME_ATTEMPTS = 100;
    private static final Set<StandardOpenOption> CREATE_NEW_FOR_WRITING =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private BootstrapBridge() {
    }

    static void inject(Instrumentation instrumentation) throws IOException {
        Path jar;
        try (InputStream in = BootstrapBridge.class.getResourceAsStream(BRIDGE_JAR)) {
            if (in == null) {
                throw new IOException("the agent jar lacks io/proxywrap/agent/" + BRIDGE_JAR);
            }
            jar = writeNewFile(in);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    /**
     * Copies {@code in} to a new file in {@code java.io.tmpdir}, readable and writable by this
     * user only where the file system has POSIX permissions: its classes join the bootstrap
     * loader, so no one else may change them. Not {@code File.createTempFile}, which names the
     * file with a {@code SecureRandom} whose seeding took 15-20 ms of the JVM's start-up (JDK 17,
     * this project's benchmark machine). The name needs to be unique, not secret: the file is
     * created exclusively and written through the same descriptor ({@code O_CREAT|O_EXCL}, which
     * also refuses a planted symbolic link), so a name another process holds is passed over,
     * never shared.
     */
    private static Path writeNewFile(InputStream in) throws IOException {
        Path directory = Paths.get(System.getProperty("java.io.tmpdir"));
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        long unique = System.nanoTime();
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            Path file = directory.resolve("proxywrap-bridge-" + Long.toHexString(unique + attempt) + ".jar");
            SeekableByteChannel channel;
            try {
                channel = posix ? Files.newByteChannel(file, CREATE_NEW_FOR_WRITING, OWNER_ONLY)
                        : Files.newByteChannel(file, CREATE_NEW_FOR_WRITING);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            file.toFile().deleteOnExit();
            try (OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            return file;
        }
        throw new IOException("could not create a new file in " + directory + " for the bootstrap bridge after "
                + NAME_ATTEMPTS + " names");
    }
}
