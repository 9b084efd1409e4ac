package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx in the foreground running a {@code stream {}} block, with its prefix, pid file and
 * error log in a temp directory removed on close (nothing under /etc/nginx or /var is used).
 * {@link #start} returns once every named listen port listens, or fails with nginx's error log.
 */
public final class Nginx implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final TempDirectory dir;
    private final ManagedProcess process;

    private Nginx(TempDirectory dir, ManagedProcess process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param streamBlock the complete {@code stream { ... }} block
     * @param listenPorts the 127.0.0.1 ports its {@code listen} lines use, awaited
     */
    public static Nginx start(String streamBlock, int... listenPorts) {
        Path nginx = RequiredTool.NGINX.path();
        Path streamModule = RequiredTool.nginxStreamModule();
        TempDirectory dir = new TempDirectory("nginx");
        ManagedProcess process = null;
        try {
            Path prefix = dir.path();
            Path conf = dir.resolve("nginx.conf");
            Path errorLog = dir.resolve("error.log");
            Files.writeString(conf, "load_module " + streamModule + ";\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + errorLog + " info;\n"
                    + "worker_processes 1;\n"
                    + "events { worker_connections 64; }\n"
                    + streamBlock + "\n");
            process = new ManagedProcess("nginx", List.of(nginx.toString(),
                    "-p", prefix + "/", "-c", conf.toString(),
                    // -e: the log used before the config is read (else /var/log/nginx/error.log)
                    "-e", errorLog.toString(),
                    "-g", "daemon off;"), prefix);
            ManagedProcess started = process;
            for (int port : listenPorts) {
                LoopbackPorts.awaitListening(port, START_TIMEOUT, started::isAlive,
                        () -> started.output() + "--- error.log ---\n" + readQuietly(errorLog));
            }
            return new Nginx(dir, process);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.close();
            }
            dir.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** nginx's error log so far. */
    public String errorLog() {
        return readQuietly(dir.resolve("error.log"));
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            dir.close();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
