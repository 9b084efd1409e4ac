package io.proxywrap.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The bytes real haproxy, nginx and curl sent, from {@code shared/vectors/senders.tsv} (path in
 * the system property {@code test.proxywrap.vectors}, set by agent/pom.xml). Columns: name, sender and
 * its setting, the hex of the bytes received, what they decode to.
 */
public record SenderVectors(String name, String sender, byte[] bytes, String decodesTo) {

    public static List<SenderVectors> all() {
        String location = System.getProperty("test.proxywrap.vectors");
        assertNotNull(location, "system property test.proxywrap.vectors (set by agent/pom.xml) is missing");
        Path file = Path.of(location);
        assertTrue(Files.isRegularFile(file), "no vectors file at " + file.toAbsolutePath());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sender vectors at " + file, e);
        }
        assertEquals("name\tsender\thex\tdecodes_to", lines.get(0), "header line of " + file);
        List<SenderVectors> vectors = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            assertEquals(4, columns.length, "columns in " + line);
            vectors.add(new SenderVectors(columns[0], columns[1], HexFormat.of().parseHex(columns[2]), columns[3]));
        }
        return vectors;
    }

    @Override
    public String toString() {
        return name;
    }
}
