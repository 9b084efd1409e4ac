package io.proxywrap.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reference says what the loader does: its names load, and its defaults are the ones in effect. */
class ConfigReferenceTest {

    /** A key line: the system property name, then the environment variable's in parentheses. */
    private static final Pattern KEY_LINE = Pattern.compile("^  (proxywrap\\.\\S+)   \\((PROXYWRAP_\\S+)\\)$");
    private static final Pattern DEFAULT_LINE = Pattern.compile("^      default: (.*)$");

    @Test
    void readsAsDocumented() {
        List<String> lines = ConfigReference.lines();
        assertEquals(List.of(
                "Each key can be given as",
                "  a system property:        -Dproxywrap.ports=8080",
                "  an agent argument:        -javaagent:proxywrap.jar=ports=8080,8443;trusted=10.0.0.0/8   "
                        + "(no prefix, ';' between pairs)",
                "  an environment variable:  PROXYWRAP_PORTS=8080   (upper case, '_' for '.')",
                "in that order of precedence. An invalid value or unknown key stops the JVM at start-up (or, attached "
                        + "to a running JVM, installs nothing).",
                "",
                "  proxywrap.ports   (PROXYWRAP_PORTS)",
                "      local ports whose connections carry a PROXY header",
                "      value: a comma-separated list of TCP ports 1-65535",
                "      default: none: the agent is idle and says so"),
                lines.subList(0, 10));
        assertEquals(List.of(
                "  proxywrap.port.<N>.<key>   (PROXYWRAP_PORT_<N>_<KEY>)",
                "      for a port listed in proxywrap.ports, overrides mode, trusted, timeout, versions",
                "  proxywrap.port.<N>.scheme   (PROXYWRAP_PORT_<N>_SCHEME)",
                "      https when the balancer terminated TLS for this port (e.g. an ELB SSL listener to TCP)",
                "      value: http or https",
                "      default: from the v2 SSL TLV, else the connector's own"),
                lines.subList(lines.size() - 6, lines.size()));
    }

    /**
     * Every key the reference names is one the loader knows under both spellings, and a default
     * that is a value (not words) changes nothing when written out: it is the default in effect.
     */
    @Test
    void namesLoadAndDefaultsAreTheOnesInEffect() {
        List<String> lines = ConfigReference.lines();
        String baseline = Sources.none().sys("proxywrap.ports", "8080").load().describe();
        int keys = 0;
        int valueDefaults = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher key = KEY_LINE.matcher(lines.get(i));
            if (!key.matches() || key.group(1).contains("<key>")) {
                continue;
            }
            keys++;
            String property = key.group(1).replace("<N>", "8080");
            String variable = key.group(2).replace("<N>", "8080");
            Matcher byDefault = DEFAULT_LINE.matcher(lines.get(i + 3));
            assertTrue(byDefault.matches(), lines.get(i + 3));
            String value = byDefault.group(1);
            if (property.equals("proxywrap.ports")) {
                assertEquals(baseline, Sources.none().env(variable, "8080").load().describe());
                continue;
            }
            Sources bySystemProperty = Sources.none().sys("proxywrap.ports", "8080").sys(property, value);
            Sources byEnvironment = Sources.none().sys("proxywrap.ports", "8080").env(variable, value);
            if (value.contains(" ")) {
                // Words, not a value: both spellings are known keys, so the complaint is about the value.
                assertTrue(bySystemProperty.error().startsWith(property + "=\"" + value + "\" (system property): expected"),
                        bySystemProperty::error);
                assertTrue(byEnvironment.error().startsWith(variable + "=\"" + value + "\" (environment variable): "
                        + "expected"), byEnvironment::error);
            } else {
                valueDefaults++;
                assertEquals(baseline, bySystemProperty.load().describe(), property);
                assertEquals(baseline, byEnvironment.load().describe(), variable);
            }
        }
        assertEquals(ConfigKey.values().length, keys);
        assertEquals(5, valueDefaults, "mode, timeout, versions, v2.maxlength and log have defaults one can write");
    }
}
