package io.proxywrap.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** The bytes real haproxy, nginx and curl sent, from {@code shared/vectors/senders.tsv}. */
public record SenderVectors(String name, String sender, byte[] bytes, String decodesTo) {

    public static List<SenderVectors> all() {
        String location = System.getProperty("proxywrap.vectors", "../../shared/vectors/senders.tsv");
        try {
            List<String> lines = Files.readAllLines(Path.of(location));
            return lines.stream()
                    .skip(1) // column names
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\t"))
                    .map(f -> new SenderVectors(f[0], f[1], HexFormat.of().parseHex(f[2]), f[3]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sender vectors at " + location, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
