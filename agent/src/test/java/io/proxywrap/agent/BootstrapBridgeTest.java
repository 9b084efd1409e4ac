package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
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
        Path classes = Paths.get(ProxywrapBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> compiled;
        try (Stream<Path> files = Files.list(classes.resolve("io/proxywrap/bootstrap"))) {
            compiled = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(compiled, new TreeSet<>(Arrays.asList(BootstrapBridge.CLASSES)));
    }
}
