package io.proxywrap.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentLogTest {

    private static final String EOL = System.lineSeparator();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INFO  | proxywrap 1.0: ports 8080  | [proxywrap] proxywrap 1.0: ports 8080",
        "WARN  | rejected 10.0.0.1: timeout | [proxywrap] WARN rejected 10.0.0.1: timeout",
    })
    void linesCarryThePrefixAndTheLevelOfWarnings(String level, String message, String line) {
        assertEquals(line + EOL, AgentLog.format(level.equals("WARN") ? AgentLog.WARN : AgentLog.INFO, message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'a\nb'          | a\\u000ab",
        "'a\r\nb'        | a\\u000d\\u000ab",
        "'tab\there'     | tab\\u0009here",
        "caf\u00e9       | caf\\u00e9",
        "\u2028          | \\u2028",
        "\u007f          | \\u007f",
        "plain ASCII ~!  | plain ASCII ~!",
    })
    void everythingButPrintableAsciiIsEscapedSoALineStaysOneLine(String message, String escaped) {
        assertEquals("[proxywrap] " + escaped + EOL, AgentLog.format(AgentLog.INFO, message));
    }
}
