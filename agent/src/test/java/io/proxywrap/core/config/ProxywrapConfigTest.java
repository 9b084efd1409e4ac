package io.proxywrap.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxywrapConfigTest {

    private static final String PORTS_EXPECTATION = "expected a comma-separated list of TCP ports 1-65535";

    private static Sources ports(String ports) {
        return Sources.none().sys("proxywrap.ports", ports);
    }

    @Test
    void nothingConfiguredIsIdle() {
        ProxywrapConfig config = Sources.none()
                .sys("java.version", "17").sys("proxywrapper.unrelated", "x").env("PATH", "/bin").env("PROXYWRAPPER", "x")
                .load();
        assertTrue(config.isIdle());
        assertEquals(List.of(), config.ports());
        assertNull(config.policy(8080));
    }

    @Test
    void defaultsApplyToEveryPort() {
        PortPolicy policy = ports("8080").load().policy(8080);
        assertEquals(8080, policy.port());
        assertEquals(Mode.REQUIRED, policy.mode());
        assertTrue(policy.trustedPeers().allowsAnyPeer());
        assertEquals(3000, policy.timeoutMillis());
        assertTrue(policy.acceptsV1());
        assertTrue(policy.acceptsV2());
        assertNull(policy.scheme());
        assertEquals(ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH, policy.v2MaxLength());
        assertEquals(ProxyHeaderDecoder.V2_FIXED_LENGTH + ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH,
                policy.decoder().maxHeaderLength());
    }

    @Test
    void eachPortHasOnePolicyAndOneDecoder() {
        ProxywrapConfig config = ports("8443,8080,9000").load();
        assertFalse(config.isIdle());
        assertEquals(List.of(8443, 8080, 9000), config.ports());
        for (int port : config.ports()) {
            assertEquals(port, config.policy(port).port());
            assertSame(config.policy(port), config.policy(port));
            assertSame(config.policy(port).decoder(), config.policy(port).decoder());
        }
        assertNull(config.policy(8081));
        assertNull(config.policy(0));
        assertThrows(UnsupportedOperationException.class, () -> config.ports().add(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "8080                | 8080",
        "' 8080 , 8443 '     | 8080 8443",
        "8443,8080           | 8443 8080",
        "1,65535             | 1 65535",
        "'\t80\t'            | 80",
    })
    void validPorts(String text, String expected) {
        List<Integer> ports = ports(text).load().ports();
        assertEquals(expected, ports.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "80x           | \"80x\" is not a port number",
        "0             | 0 is outside 1-65535",
        "65536         | 65536 is outside 1-65535",
        "8080,8080     | 8080 is listed twice",
        "8080, 8080    | 8080 is listed twice",
        "8080,         | the list has an empty item",
        ",8080         | the list has an empty item",
        "8080,,8443    | the list has an empty item",
        "``            | the value is empty",
        "`  `          | the value is empty",
        "08080         | \"08080\" is not a port number",
        "-1            | \"-1\" is not a port number",
        "+80           | \"+80\" is not a port number",
        "8080;8443     | \"8080;8443\" is not a port number",
        "8 080         | \"8 080\" is not a port number",
        "٨٠            | \"٨٠\" is not a port number",
        "1234567890    | \"1234567890\" is not a port number",
        "http          | \"http\" is not a port number",
    })
    void invalidPorts(String text, String detail) {
        assertEquals("proxywrap.ports=" + ConfigException.quote(text) + " (system property): "
                + PORTS_EXPECTATION + "; " + detail, ports(text).error());
    }

    @Test
    void logLevelIsWarnUnlessDebugIsAskedFor() {
        assertFalse(ports("8080").load().debug());
        assertFalse(ports("8080").load().describe().contains("log="), "the default is not repeated");
        ProxywrapConfig debug = ports("8080").sys("proxywrap.log", "debug").load();
        assertTrue(debug.debug());
        assertTrue(debug.describe().contains(" v2.maxlength=4096 log=debug"), debug.describe());
        assertTrue(Sources.none().env("PROXYWRAP_PORTS", "8080").env("PROXYWRAP_LOG", "DEBUG").load().debug());
        assertEquals("proxywrap.log=\"verbose\" (system property): expected warn or debug",
                ports("8080").sys("proxywrap.log", "verbose").error().replaceAll(";.*", ""));
        assertTrue(ports("8080").sys("proxywrap.port.8080.log", "debug").error()
                .startsWith("proxywrap.port.8080.log=\"debug\" (system property): "), "global only");
    }

    @Test
    void errorMessagesNameTheKeyAsSpelledInItsSource() {
        assertEquals("proxywrap.ports=\"80x\" (system property): " + PORTS_EXPECTATION + "; \"80x\" is not a port number",
                Sources.none().sys("proxywrap.ports", "80x").error());
        assertEquals("ports=\"80x\" (agent argument): " + PORTS_EXPECTATION + "; \"80x\" is not a port number",
                Sources.none().args("ports=80x").error());
        assertEquals("PROXYWRAP_PORTS=\"80x\" (environment variable): " + PORTS_EXPECTATION + "; \"80x\" is not a port number",
                Sources.none().env("PROXYWRAP_PORTS", "80x").error());
        assertEquals("PROXYWRAP_PORT_8080_MODE=\"strict\" (environment variable): expected required or optional",
                Sources.none().env("PROXYWRAP_PORTS", "8080").env("PROXYWRAP_PORT_8080_MODE", "strict").error());
    }

    @Test
    void errorMessagesAreOneLineAndShowTheValueExactly() {
        String message = ports("8080\n8443\t\"x\\").error();
        assertEquals("proxywrap.ports=\"8080\\n8443\\t\\\"x\\\\\" (system property): " + PORTS_EXPECTATION
                + "; \"8080\\n8443\\t\\\"x\\\\\" is not a port number", message);
        assertFalse(message.contains("\n") || message.contains("\r"));
        assertTrue(ports("\u0001").error().startsWith("proxywrap.ports=\"\\u0001\" (system property)"));
    }

    @ParameterizedTest
    @CsvSource({"required, REQUIRED", "REQUIRED, REQUIRED", "Optional, OPTIONAL", "' optional ', OPTIONAL"})
    void validModes(String text, Mode expected) {
        assertEquals(expected, ports("8080").sys("proxywrap.mode", text).load().policy(8080).mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "true", "", "require", "optional,required"})
    void invalidModes(String text) {
        assertEquals("proxywrap.mode=" + ConfigException.quote(text) + " (system property): expected required or optional",
                ports("8080").sys("proxywrap.mode", text).error());
    }

    @ParameterizedTest
    @CsvSource({
        "3s, 3000", "500ms, 500", "1ms, 1", "1m, 60000", "60m, 3600000", "3600s, 3600000",
        "3600000ms, 3600000", "1MS, 1", "' 2S ', 2000", "10M, 600000",
    })
    void validTimeouts(String text, long millis) {
        assertEquals(millis, ports("8080").sys("proxywrap.timeout", text).load().policy(8080).timeoutMillis());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0s          | ; a zero timeout would close every connection",
        "0ms         | ; a zero timeout would close every connection",
        "0m          | ; a zero timeout would close every connection",
        "61m         | ; 61m is more than 1h",
        "3601s       | ; 3601s is more than 1h",
        "3600001ms   | ; 3600001ms is more than 1h",
        "999999999m  | ; 999999999m is more than 1h",
        "3           | ``",
        "s           | ``",
        "1h          | ``",
        "1.5s        | ``",
        "-1s         | ``",
        "3 s         | ``",
        "03s         | ``",
        "3sec        | ``",
        "``          | ``",
        "1000000000ms| ``",
    })
    void invalidTimeouts(String text, String detail) {
        assertEquals("proxywrap.timeout=" + ConfigException.quote(text) + " (system property): expected "
                + ConfigKey.TIMEOUT.expectation() + detail, ports("8080").sys("proxywrap.timeout", text).error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v1          | true  | false",
        "v2          | false | true",
        "v1,v2       | true  | true",
        "v2,v1       | true  | true",
        "' V1 , V2 ' | true  | true",
    })
    void validVersions(String text, boolean v1, boolean v2) {
        PortPolicy policy = ports("8080").sys("proxywrap.versions", text).load().policy(8080);
        assertEquals(v1, policy.acceptsV1());
        assertEquals(v2, policy.acceptsV2());
        assertEquals(v2
                ? ProxyHeaderDecoder.V2_FIXED_LENGTH + ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH
                : ProxyHeaderDecoder.V1_MAX_LENGTH,
                policy.decoder().maxHeaderLength(), "the port's decoder accepts exactly the port's versions");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "v3      | ; \"v3\" is not a version",
        "1       | ; \"1\" is not a version",
        "v1 v2   | ; \"v1 v2\" is not a version",
        "v1,v1   | ; v1 is listed twice",
        "v2,V2   | ; v2 is listed twice",
        "v1,     | ; the list has an empty item",
        "``      | ; the value is empty",
    })
    void invalidVersions(String text, String detail) {
        assertEquals("proxywrap.versions=" + ConfigException.quote(text) + " (system property): expected v1, v2 or v1,v2"
                + detail, ports("8080").sys("proxywrap.versions", text).error());
    }

    @ParameterizedTest
    @CsvSource({"216, 216", "4096, 4096", "65535, 65535", "' 1024 ', 1024"})
    void validV2MaxLength(String text, int expected) {
        PortPolicy policy = ports("8080").sys("proxywrap.v2.maxlength", text).load().policy(8080);
        assertEquals(expected, policy.v2MaxLength());
        assertEquals(ProxyHeaderDecoder.V2_FIXED_LENGTH + expected, policy.decoder().maxHeaderLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"215", "65536", "0", "4k", "", "04096", "-1"})
    void invalidV2MaxLength(String text) {
        assertEquals("proxywrap.v2.maxlength=" + ConfigException.quote(text)
                + " (system property): expected the largest v2 header length to accept, 216-65535",
                ports("8080").sys("proxywrap.v2.maxlength", text).error());
    }

    @ParameterizedTest
    @CsvSource({"http, HTTP", "https, HTTPS", "HTTPS, HTTPS", "' Https ', HTTPS"})
    void validSchemes(String text, Scheme expected) {
        assertEquals(expected, ports("8080").sys("proxywrap.port.8080.scheme", text).load().policy(8080).scheme());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "", "http,https", "tls"})
    void invalidSchemes(String text) {
        assertEquals("proxywrap.port.8080.scheme=" + ConfigException.quote(text) + " (system property): expected http or https",
                ports("8080").sys("proxywrap.port.8080.scheme", text).error());
    }

    @Test
    void schemeIsPerPortOnly() {
        assertTrue(ports("8080").sys("proxywrap.scheme", "https").error()
                .startsWith("proxywrap.scheme=\"https\" (system property): unknown key; expected one of "));
    }

    @Test
    void perPortOverridesApplyToTheirPortOnly() {
        ProxywrapConfig config = ports("8080,8443,9000")
                .sys("proxywrap.mode", "optional")
                .sys("proxywrap.trusted", "10.0.0.0/8")
                .sys("proxywrap.timeout", "5s")
                .sys("proxywrap.v2.maxlength", "1024")
                .sys("proxywrap.port.8443.mode", "required")
                .sys("proxywrap.port.8443.trusted", "192.168.0.0/16")
                .sys("proxywrap.port.8443.timeout", "250ms")
                .sys("proxywrap.port.8443.versions", "v2")
                .sys("proxywrap.port.8443.scheme", "https")
                .args("port.9000.versions=v1")
                .env("PROXYWRAP_PORT_9000_SCHEME", "http")
                .load();

        PortPolicy plain = config.policy(8080);
        assertEquals(Mode.OPTIONAL, plain.mode());
        assertEquals("10.0.0.0/8", plain.trustedPeers().toString());
        assertEquals(5000, plain.timeoutMillis());
        assertTrue(plain.acceptsV1() && plain.acceptsV2());
        assertNull(plain.scheme());
        assertEquals(1024, plain.v2MaxLength());

        PortPolicy tls = config.policy(8443);
        assertEquals(Mode.REQUIRED, tls.mode());
        assertEquals("192.168.0.0/16", tls.trustedPeers().toString());
        assertEquals(250, tls.timeoutMillis());
        assertFalse(tls.acceptsV1());
        assertTrue(tls.acceptsV2());
        assertEquals(Scheme.HTTPS, tls.scheme());
        assertEquals(1024, tls.v2MaxLength(), "v2.maxlength is global");

        PortPolicy v1Only = config.policy(9000);
        assertTrue(v1Only.acceptsV1());
        assertFalse(v1Only.acceptsV2());
        assertEquals(Scheme.HTTP, v1Only.scheme());
        assertEquals(Mode.OPTIONAL, v1Only.mode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "8080 | proxywrap.port.9090.mode  | proxywrap.port.9090.mode=\"optional\" (system property): expected a port listed in proxywrap.ports (8080)",
        "8080 | proxywrap.port.08080.mode | proxywrap.port.08080.mode=\"optional\" (system property): expected a port listed in proxywrap.ports (8080)",
        "8080 | proxywrap.port.x.mode     | proxywrap.port.x.mode=\"optional\" (system property): expected a port listed in proxywrap.ports (8080)",
        "8080 | proxywrap.port.0.mode     | proxywrap.port.0.mode=\"optional\" (system property): expected a port listed in proxywrap.ports (8080)",
    })
    void perPortKeysMustNameAConfiguredPort(String ports, String key, String message) {
        assertEquals(message, ports(ports).sys(key, "optional").error());
    }

    @Test
    void perPortKeysNeedPortsToBeSet() {
        assertEquals("PROXYWRAP_PORT_8080_MODE=\"optional\" (environment variable): expected a port listed in PROXYWRAP_PORTS, which is not set",
                Sources.none().env("PROXYWRAP_PORT_8080_MODE", "optional").error());
        assertEquals("port.8080.mode=\"optional\" (agent argument): expected a port listed in PROXYWRAP_PORTS (80)",
                Sources.none().env("PROXYWRAP_PORTS", "80").args("port.8080.mode=optional").error(),
                "the message names ports where they were set");
    }

    @ParameterizedTest(name = "sys={0} args={1} env={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "8001, ports=8002, 8003, 8001",
        "8001, ports=8002, -,    8001",
        "8001, -,          8003, 8001",
        "-,    ports=8002, 8003, 8002",
        "-,    -,          8003, 8003",
        "-,    ports=8002, -,    8002",
    })
    void systemPropertyBeatsAgentArgumentBeatsEnvironment(String sys, String args, String env, int expected) {
        Sources sources = Sources.none().args(args);
        if (sys != null) {
            sources.sys("proxywrap.ports", sys);
        }
        if (env != null) {
            sources.env("PROXYWRAP_PORTS", env);
        }
        assertEquals(List.of(expected), sources.load().ports());
    }

    @Test
    void precedenceIsPerKey() {
        PortPolicy policy = Sources.none()
                .env("PROXYWRAP_PORTS", "8080").env("PROXYWRAP_MODE", "optional").env("PROXYWRAP_TIMEOUT", "1s")
                .args("timeout=2s;versions=v1")
                .sys("proxywrap.versions", "v2")
                .load().policy(8080);
        assertEquals(Mode.OPTIONAL, policy.mode());
        assertEquals(2000, policy.timeoutMillis());
        assertTrue(policy.acceptsV2() && !policy.acceptsV1());
    }

    @Test
    void perPortKeysFollowTheSamePrecedence() {
        assertEquals(Mode.REQUIRED, Sources.none().sys("proxywrap.ports", "8080")
                .sys("proxywrap.port.8080.mode", "required")
                .args("mode=optional;port.8080.mode=optional")
                .env("PROXYWRAP_PORT_8080_MODE", "optional")
                .load().policy(8080).mode());
    }

    @Test
    void onlyTheWinningValueIsParsed() {
        assertEquals(5000, Sources.none().sys("proxywrap.ports", "8080").sys("proxywrap.timeout", "5s")
                .env("PROXYWRAP_TIMEOUT", "soon").load().policy(8080).timeoutMillis(),
                "a higher source may replace a bad lower one: that is what overriding is for");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PROXYWRAP_PORTS            | 80,8080",
        "PROXYWRAP_MODE             | optional",
        "PROXYWRAP_TRUSTED          | 10.0.0.0/8",
        "PROXYWRAP_TIMEOUT          | 1s",
        "PROXYWRAP_VERSIONS         | v1",
        "PROXYWRAP_V2_MAXLENGTH     | 512",
        "PROXYWRAP_PORT_80_MODE     | optional",
        "PROXYWRAP_PORT_80_TRUSTED  | ::1",
        "PROXYWRAP_PORT_80_TIMEOUT  | 1m",
        "PROXYWRAP_PORT_80_VERSIONS | v2",
        "PROXYWRAP_PORT_80_SCHEME   | https",
    })
    void environmentNamesAreUpperCaseWithUnderscoresForDots(String name, String value) {
        String key = name.substring("PROXYWRAP_".length()).toLowerCase().replace('_', '.');
        Sources fromEnvironment = Sources.none().env(name, value);
        Sources fromSystemProperties = Sources.none().sys("proxywrap." + key, value);
        Sources withoutTheSetting = Sources.none();
        if (!key.equals("ports")) {
            fromEnvironment.env("PROXYWRAP_PORTS", "80,8080");
            fromSystemProperties.sys("proxywrap.ports", "80,8080");
            withoutTheSetting.sys("proxywrap.ports", "80,8080");
        }
        String described = fromEnvironment.load().describe();
        assertEquals(fromSystemProperties.load().describe(), described);
        assertNotEquals(withoutTheSetting.load().describe(), described, "the variable took effect");
    }

    @ParameterizedTest(name = "{1} ({0})")
    @CsvSource(delimiter = '|', value = {
        "system property      | proxywrap.trustd           | did you mean proxywrap.trusted?",
        "system property      | proxywrap.Trusted          | did you mean proxywrap.trusted?",
        "system property      | Proxywrap.trusted          | did you mean proxywrap.trusted?",
        "system property      | PROXYWRAP.TRUSTED          | did you mean proxywrap.trusted?",
        "system property      | proxywrap.port.8080.shceme | did you mean proxywrap.port.8080.scheme?",
        "system property      | proxywrap.timeuot          | did you mean proxywrap.timeout?",
        "system property      | proxywrap.version          | did you mean proxywrap.versions?",
        "system property      | proxywrap.v2.maxLength     | did you mean proxywrap.v2.maxlength?",
        "environment variable | PROXYWRAP_ports            | did you mean PROXYWRAP_PORTS?",
        "environment variable | Proxywrap_Ports            | did you mean PROXYWRAP_PORTS?",
        "environment variable | PROXYWRAP_TRUSTD           | did you mean PROXYWRAP_TRUSTED?",
        "environment variable | PROXYWRAP_PORT_8080_MOD    | did you mean PROXYWRAP_PORT_8080_MODE?",
        "environment variable | PROXYWRAP_V2_MAX_LENGTH    | did you mean PROXYWRAP_V2_MAXLENGTH?",
        "environment variable | PROXYWRAP_PORT             | did you mean PROXYWRAP_PORTS?",
        "agent argument       | trustd                     | did you mean trusted?",
        "agent argument       | Ports                      | did you mean ports?",
        "agent argument       | port.8080.tmeout           | did you mean port.8080.timeout?",
    })
    void unknownKeysAreRejectedWithTheClosestKnownKey(String source, String name, String suggestion) {
        Sources sources = switch (source) {
            case "system property" -> Sources.none().sys(name, "x");
            case "environment variable" -> Sources.none().env(name, "x");
            case "agent argument" -> Sources.none().args(name + "=x");
            default -> throw new IllegalArgumentException(source);
        };
        assertEquals(name + "=\"x\" (" + source + "): unknown key; " + suggestion, sources.error());
    }

    @Test
    void unknownKeysWithNothingCloseListTheKnownKeys() {
        assertEquals("proxywrap.agent.jar=\"x\" (system property): unknown key; expected one of proxywrap.ports, "
                + "proxywrap.mode, proxywrap.trusted, proxywrap.timeout, proxywrap.versions, proxywrap.v2.maxlength, "
                + "proxywrap.log, proxywrap.port.<N>.mode, proxywrap.port.<N>.trusted, proxywrap.port.<N>.timeout, "
                + "proxywrap.port.<N>.versions, proxywrap.port.<N>.scheme",
                Sources.none().sys("proxywrap.agent.jar", "x").error());
        assertEquals("debug=\"true\" (agent argument): unknown key; expected one of ports, mode, trusted, timeout, "
                + "versions, v2.maxlength, log, port.<N>.mode, port.<N>.trusted, port.<N>.timeout, port.<N>.versions, "
                + "port.<N>.scheme", Sources.none().args("debug=true").error());
        assertTrue(Sources.none().env("PROXYWRAP_DEBUG", "1").error().endsWith(
                "PROXYWRAP_PORT_<N>_VERSIONS, PROXYWRAP_PORT_<N>_SCHEME"));
    }

    @Test
    void unknownKeysAreRejectedEvenWhenAHigherSourceSetsTheRealKey() {
        assertEquals("PROXYWRAP_TRUSTD=\"10.0.0.0/8\" (environment variable): unknown key; did you mean PROXYWRAP_TRUSTED?",
                ports("8080").sys("proxywrap.trusted", "10.0.0.0/8").env("PROXYWRAP_TRUSTD", "10.0.0.0/8").error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "ports=8080,8443;trusted=10.0.0.0/8     | 8080,8443 | 10.0.0.0/8",
        "' ports = 8080 ; trusted = ::1 '       | 8080      | ::1",
        "ports=8080;                            | 8080      | ANY",
        ";;ports=8080;;                         | 8080      | ANY",
        "ports=8080;trusted=10.0.0.0/8,::1/128  | 8080      | 10.0.0.0/8,::1",
    })
    void agentArguments(String args, String ports, String trusted) {
        ProxywrapConfig config = Sources.none().args(args).load();
        assertEquals(ports, config.ports().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow());
        assertEquals(trusted, config.policy(8080).trustedPeers().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ";"})
    void emptyAgentArgumentsAreNoArguments(String args) {
        assertTrue(Sources.none().args(args).load().isIdle());
        assertTrue(Sources.none().args(null).load().isIdle());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ports                | ports",
        "ports:8080           | ports:8080",
        "=8080                | =8080",
        "' =8080'             | ' =8080'",
        "ports=8080;mode      | mode",
        "ports=8080,mode=optional;x | x",
    })
    void malformedAgentArguments(String args, String pair) {
        assertEquals("agent argument " + ConfigException.quote(pair)
                + ": expected key=value pairs separated by ';', e.g. ports=8080,8443;trusted=10.0.0.0/8",
                Sources.none().args(args).error());
    }

    @Test
    void agentArgumentValuesMayContainEqualsSigns() {
        assertEquals("trusted=\"a=b\" (agent argument): expected " + ConfigKey.TRUSTED.expectation()
                + "; \"a=b\" is not an IPv4 or IPv6 address (names are never resolved)",
                Sources.none().args("ports=8080;trusted=a=b").error());
    }

    @Test
    void agentArgumentsNameEachKeyOnce() {
        assertEquals("ports=\"8443\" (agent argument): given twice in the agent arguments; expected each key once",
                Sources.none().args("ports=8080;ports=8443").error());
    }

    @Test
    void agentArgumentsUseKeysWithoutThePrefix() {
        assertEquals("proxywrap.ports=\"8080\" (agent argument): unknown key; expected one of ports, mode, trusted, "
                + "timeout, versions, v2.maxlength, log, port.<N>.mode, port.<N>.trusted, port.<N>.timeout, "
                + "port.<N>.versions, port.<N>.scheme", Sources.none().args("proxywrap.ports=8080").error());
    }

    @Test
    void trustedErrorsSayWhichNetworkWasMeant() {
        assertEquals("proxywrap.trusted=\"10.0.0.1/8\" (system property): expected a comma-separated list of CIDRs or IP "
                + "addresses, e.g. 10.0.0.0/8,2001:db8::/32; 10.0.0.1/8 has host bits set beyond the /8 prefix; "
                + "did you mean 10.0.0.0/8?", ports("8080").sys("proxywrap.trusted", "10.0.0.1/8").error());
    }

    @Test
    void describeListsEverySetting() {
        assertEquals("proxywrap dev: ports 8080,8443 mode=required trusted=10.0.0.0/8,2001:db8::/32 timeout=3s "
                + "versions=v1,v2 v2.maxlength=4096",
                ports("8080, 8443").sys("proxywrap.trusted", "10.0.0.0/8, 2001:DB8:0::/32").load().describe());
    }

    @Test
    void describeWarnsWhenAnyPeerIsTrusted() {
        assertEquals("proxywrap dev: ports 8080 mode=required trusted=ANY (any peer that can connect may set client "
                + "addresses; restrict with proxywrap.trusted) timeout=3s versions=v1,v2 v2.maxlength=4096",
                ports("8080").load().describe());
    }

    @Test
    void describeListsPerPortOverridesThatDiffer() {
        assertEquals("proxywrap dev: ports 8080,8443,9000 mode=optional trusted=10.0.0.0/8,::1 timeout=500ms "
                + "versions=v1 v2.maxlength=1024; port 8443: mode=required trusted=192.168.0.0/16 timeout=2m "
                + "versions=v1,v2 scheme=https",
                ports("8080,8443,9000")
                        .sys("proxywrap.mode", "optional")
                        .sys("proxywrap.trusted", "10.0.0.0/8,::1")
                        .sys("proxywrap.timeout", "500ms")
                        .sys("proxywrap.versions", "v1")
                        .sys("proxywrap.v2.maxlength", "1024")
                        .sys("proxywrap.port.8443.mode", "required")
                        .sys("proxywrap.port.8443.trusted", "192.168.0.0/16")
                        .sys("proxywrap.port.8443.timeout", "120s")
                        .sys("proxywrap.port.8443.versions", "v2,v1")
                        .sys("proxywrap.port.8443.scheme", "HTTPS")
                        // Same as the global values, written differently: not an override worth listing.
                        .sys("proxywrap.port.9000.mode", "OPTIONAL")
                        .sys("proxywrap.port.9000.trusted", "::1, ::ffff:10.0.0.0/104")
                        .sys("proxywrap.port.9000.timeout", "500ms")
                        .load().describe());
    }

    @Test
    void describeWhenIdleSaysHowToConfigure() {
        assertEquals("proxywrap dev: idle, no ports configured, nothing instrumented; to enable, set "
                + "-Dproxywrap.ports=<port,...> (or agent argument ports=<port,...>, or environment variable PROXYWRAP_PORTS)",
                Sources.none().load().describe());
    }
}
