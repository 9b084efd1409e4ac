package io.proxywrap.samples.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.Nginx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ready configurations in {@code samples/balancers}, run by real haproxy and nginx as users
 * get them: the test only gives them its loopback addresses, the way that directory's README
 * says, so that what users copy is what was tested. haproxy's files read their addresses from
 * the environment ({@code "${FRONTEND-127.0.0.1:8000}"}, which haproxy itself expands); nginx
 * expands no variables, so in its file the test rewrites the two address lines, each of which
 * must be there exactly once as written.
 */
final class BalancerConfigs {

    /** {@code samples/balancers} in the repository the tests were built from. */
    private static final Path DIRECTORY = Path.of(Objects.requireNonNull(System.getProperty("test.proxywrap.balancers"),
            "system property test.proxywrap.balancers is not set; run through Maven failsafe"));

    /** The nginx file's two addresses as written: where clients connect, and the Java server. */
    private static final String NGINX_LISTEN = "listen 127.0.0.1:8000;";
    private static final String NGINX_SERVER = "server 127.0.0.1:8080;";

    private BalancerConfigs() {
    }

    /**
     * Starts haproxy with {@code samples/balancers/<file>} as it is, listening on
     * 127.0.0.1:{@code frontend} ({@code FRONTEND}) and relaying to 127.0.0.1:{@code backend}
     * ({@code BACKEND}).
     *
     * @param more further variables the file reads, e.g. {@code CERTIFICATE}
     */
    static Haproxy haproxy(String file, int frontend, int backend, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(more);
        environment.put("FRONTEND", "127.0.0.1:" + frontend);
        environment.put("BACKEND", "127.0.0.1:" + backend);
        return Haproxy.start(read(file), environment, frontend);
    }

    /**
     * Starts nginx with {@code samples/balancers/nginx-stream.conf}, its two addresses rewritten
     * to listen on 127.0.0.1:{@code listen} and relay to 127.0.0.1:{@code backend}.
     */
    static Nginx nginx(int listen, int backend) {
        String config = read("nginx-stream.conf");
        config = replaceOnce(config, NGINX_LISTEN, "listen 127.0.0.1:" + listen + ";");
        config = replaceOnce(config, NGINX_SERVER, "server 127.0.0.1:" + backend + ";");
        return Nginx.start(config, listen);
    }

    /** Fails unless {@code line} is in {@code config} exactly once, as the README says. */
    private static String replaceOnce(String config, String line, String replacement) {
        int occurrences = config.split(Pattern.quote(line), -1).length - 1;
        assertEquals(1, occurrences, "nginx-stream.conf must hold \"" + line + "\" exactly once: the test rewrites"
                + " that line, as samples/balancers/README.md says");
        return config.replace(line, replacement);
    }

    private static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY.resolve(file), e);
        }
    }
}
