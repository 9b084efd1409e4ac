package io.proxywrap.server.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JettyLineTest {

    /** Versions as Jetty's build.properties spells them; "none" where the line is not ours. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "9.4.58.v20250814, JETTY_9_4", "9.4.0.v20161208, JETTY_9_4",
        "10.0.26, JETTY_10", "11.0.26, JETTY_10",
        "12.0.39, JETTY_12", "12.1.14, JETTY_12",
        "9.3.30.v20211001, none", "9.2.30.v20200428, none", "12.2.0, none", "13.0.0, none", "1.0.0, none",
        "'', none",
    })
    void theLineOfAVersion(String version, String line) {
        JettyLine actual = JettyLine.of(version);
        assertEquals(line, actual == null ? "none" : actual.name());
    }
}
