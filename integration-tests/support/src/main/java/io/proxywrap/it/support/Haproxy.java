package io.proxywrap.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real haproxy in the foreground ({@code haproxy -db -f cfg}) running a configuration given as
 * text, from a temp directory removed on close. {@link #start} returns once every named frontend
 * port listens, or fails with haproxy's own output.
 */
public final class Haproxy implements AutoCloseable {

    private final ConfiguredProcess process;

    private Haproxy(ConfiguredProcess process) {
        this.process = process;
    }

    /**
     * @param config a complete haproxy.cfg; paths in it must be absolute
     * @param frontendPorts the 127.0.0.1 ports its {@code bind} lines listen on, awaited
     */
    public static Haproxy start(String config, int... frontendPorts) {
        return start(config, Map.of(), frontendPorts);
    }

    /**
     * @param config a complete haproxy.cfg; paths in it must be absolute
     * @param environment variables added to haproxy's environment (a copy of ours): haproxy
     *     expands {@code "${NAME}"} and {@code "${NAME-default}"} inside double quotes with them
     *     (its configuration manual, section 2.3)
     * @param frontendPorts the 127.0.0.1 ports its {@code bind} lines listen on, awaited
     */
    public static Haproxy start(String config, Map<String, String> environment, int... frontendPorts) {
        Path haproxy = RequiredTool.HAPROXY.path();
        return new Haproxy(ConfiguredProcess.start("haproxy", dir -> {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config);
            return List.of(haproxy.toString(), "-db", "-f", cfg.toString());
        }, inherited -> inherited.putAll(environment), ConfiguredProcess.START_TIMEOUT, dir -> "", frontendPorts));
    }

    /**
     * haproxy as a plain TCP relay: clients connect to 127.0.0.1:{@code frontend}, and each
     * connection is relayed to 127.0.0.1:{@code backend} with {@code serverOptions} on its server
     * line ({@code send-proxy}, {@code send-proxy-v2}...), the balancer users put in front of a
     * server that reads PROXY headers.
     */
    public static Haproxy tcpRelay(int frontend, int backend, String serverOptions) {
        return start(""
                + "defaults\n"
                + "  mode tcp\n"
                + "  timeout connect 5s\n"
                + "  timeout client 30s\n"
                + "  timeout server 30s\n"
                + "frontend fe\n"
                + "  bind 127.0.0.1:" + frontend + "\n"
                + "  default_backend be\n"
                + "backend be\n"
                + "  server backend 127.0.0.1:" + backend + " " + serverOptions + "\n", frontend);
    }

    /** haproxy's stderr and stdout so far (alerts, warnings), for assertion messages. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
