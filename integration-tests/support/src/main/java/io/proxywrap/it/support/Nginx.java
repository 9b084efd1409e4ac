package io.proxywrap.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real nginx in the foreground running a {@code stream {}} block, with its prefix, pid file and
 * error log in a temp directory removed on close (nothing under /etc/nginx or /var is used).
 * {@link #start} returns once every named listen port listens, or fails with nginx's error log.
 */
public final class Nginx implements AutoCloseable {

    private static final String ERROR_LOG = "error.log";

    private final ConfiguredProcess process;

    private Nginx(ConfiguredProcess process) {
        this.process = process;
    }

    /**
     * @param streamBlock the complete {@code stream { ... }} block
     * @param listenPorts the 127.0.0.1 ports its {@code listen} lines use, awaited
     */
    public static Nginx start(String streamBlock, int... listenPorts) {
        Path nginx = RequiredTool.NGINX.path();
        Path streamModule = RequiredTool.nginxStreamModule();
        return new Nginx(ConfiguredProcess.start("nginx", dir -> {
            Path conf = dir.resolve("nginx.conf");
            Path errorLog = dir.resolve(ERROR_LOG);
            Files.writeString(conf, "load_module " + streamModule + ";\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + errorLog + " info;\n"
                    + "worker_processes 1;\n"
                    + "events { worker_connections 64; }\n"
                    + streamBlock + "\n");
            return List.of(nginx.toString(),
                    "-p", dir.path() + "/", "-c", conf.toString(),
                    // -e: the log used before the config is read (else /var/log/nginx/error.log)
                    "-e", errorLog.toString(),
                    "-g", "daemon off;");
        }, dir -> "--- error.log ---\n" + readQuietly(dir.resolve(ERROR_LOG)), listenPorts));
    }

    /** nginx's error log so far. */
    public String errorLog() {
        return readQuietly(process.directory().resolve(ERROR_LOG));
    }

    @Override
    public void close() {
        process.close();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
