package io.proxywrap.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed seed inputs are exactly what {@link SeedCorpus} generates. */
class SeedCorpusTest {

    @Test
    void decoderSeedsAreUpToDate() throws Exception {
        check(SeedCorpus.DECODER_DIR, SeedCorpus.decoderSeeds());
    }

    @Test
    void readerSeedsAreUpToDate() throws Exception {
        check(SeedCorpus.READER_DIR, SeedCorpus.readerSeeds());
    }

    private static void check(String dir, Map<String, byte[]> generated) throws IOException, URISyntaxException {
        String regenerate = " (regenerate with SeedCorpus, see docs/FUZZING.md)";
        URL url = SeedCorpusTest.class.getResource("/" + dir);
        assertNotNull(url, dir + " is missing" + regenerate);
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            TreeSet<String> committed = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(SeedCorpus.SEED_PREFIX))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(generated.keySet()), committed, "seed files in " + dir + regenerate);
        }
        for (Map.Entry<String, byte[]> seed : generated.entrySet()) {
            try (InputStream in = SeedCorpusTest.class.getResourceAsStream("/" + dir + seed.getKey())) {
                assertArrayEquals(seed.getValue(), in.readAllBytes(), seed.getKey() + regenerate);
            }
        }
    }
}
