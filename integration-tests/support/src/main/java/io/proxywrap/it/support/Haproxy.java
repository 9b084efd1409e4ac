package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real haproxy in the foreground ({@code haproxy -db -f cfg}) running a configuration given as
 * text, from a temp directory removed on close. {@link #start} returns once every named frontend
 * port listens, or fails with haproxy's own output.
 */
public final class Haproxy implements AutoCloseable {

    /** Bound on start-up (config parse, bind); generous for a loaded 2-core CI machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final TempDirectory dir;
    private final ManagedProcess process;

    private Haproxy(TempDirectory dir, ManagedProcess process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param config a complete haproxy.cfg; paths in it must be absolute
     * @param frontendPorts the 127.0.0.1 ports its {@code bind} lines listen on, awaited
     */
    public static Haproxy start(String config, int... frontendPorts) {
        Path haproxy = RequiredTool.HAPROXY.path();
        TempDirectory dir = new TempDirectory("haproxy");
        ManagedProcess process = null;
        try {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config);
            process = new ManagedProcess("haproxy", List.of(haproxy.toString(), "-db", "-f", cfg.toString()), dir.path());
            for (int port : frontendPorts) {
                process.awaitListening(port, START_TIMEOUT);
            }
            return new Haproxy(dir, process);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.close();
            }
            dir.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** haproxy's stderr and stdout so far (alerts, warnings), for assertion messages. */
    public String output() {
        return process.output();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            dir.close();
        }
    }
}
