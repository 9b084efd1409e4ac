package io.proxywrap.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UndertowGateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2.2.38.Final, true", "2.2.0.Final, true", "2.3.24.Final, true", "2.4.4.Final, true",
        "2.1.8.Final, false", "2.0.42.Final, false", "1.4.28.Final, false", "2.5.0.Final, false",
        "3.0.0.Final, false", "'', false",
    })
    void theLinesWeTest(String version, boolean supported) {
        assertEquals(supported, UndertowGate.isSupportedLine(version));
    }

    /** The test class path has undertow-core 2.2 and the XNIO 3.8 NIO transport it ships with. */
    @Test
    void supportsUndertowOnTheXnioItShips() {
        assertTrue(new UndertowGate().supports(UndertowGateTest.class.getClassLoader()));
        assertEquals("Undertow 2.2.38.Final", UndertowGate.describe(UndertowGateTest.class.getClassLoader()));
    }

    @Test
    void leavesAnUndertowOutsideTheRangeAlone(@TempDir Path dir) throws IOException {
        write(dir, "io/undertow/version.properties", "undertow.version=2.1.8.Final\n");
        write(dir, "org/xnio/nio/Version.properties", "version=3.8.0.Final\n");
        try (URLClassLoader loader = isolated(dir)) {
            assertFalse(new UndertowGate().supports(loader));
        }
    }

    /** A supported version whose XNIO lacks the accept hook's shape is not trusted on its word. */
    @Test
    void leavesAnUndertowWithoutTheAcceptHookAlone(@TempDir Path dir) throws IOException {
        write(dir, "io/undertow/version.properties", "undertow.version=2.3.24.Final\n");
        write(dir, "org/xnio/nio/Version.properties", "version=3.8.16.Final\n");
        try (URLClassLoader loader = isolated(dir)) {
            assertFalse(new UndertowGate().supports(loader));
        }
    }

    /** XNIO alone (a JBoss Remoting client) is not a server of ours. */
    @Test
    void xnioWithoutUndertowIsNotOurs(@TempDir Path dir) throws IOException {
        write(dir, "org/xnio/nio/Version.properties", "version=3.8.16.Final\n");
        try (URLClassLoader loader = isolated(dir)) {
            assertFalse(new UndertowGate().supports(loader));
        }
    }

    private static URLClassLoader isolated(Path dir) throws IOException {
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    private static void write(Path dir, String resource, String text) throws IOException {
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
