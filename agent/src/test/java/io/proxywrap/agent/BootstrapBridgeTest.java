package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BootstrapBridgeTest {

    /**
     * A bridge class missing from the injected jar would load in the agent's loader instead, and
     * server code would fail with NoClassDefFoundError on its first connection.
     */
    @Test
    void theInjectedClassesAreExactlyTheBridgePackage() throws Exception {
        // The bridge module's classes directory in a reactor build, its jar when run alone.
        Path location = Paths.get(ProxywrapBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> compiled;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve("io/proxywrap/bootstrap"))) {
                compiled = classNames(files.map(p -> p.getFileName().toString()));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                compiled = classNames(jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith("io/proxywrap/bootstrap/") && n.indexOf('/', "io/proxywrap/bootstrap/".length()) < 0)
                        .map(n -> n.substring("io/proxywrap/bootstrap/".length())));
            }
        }
        assertEquals(compiled, new TreeSet<>(Arrays.asList(BootstrapBridge.CLASSES)));
    }

    private static Set<String> classNames(Stream<String> fileNames) {
        return fileNames.filter(n -> n.endsWith(".class"))
                .map(n -> n.substring(0, n.length() - ".class".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
