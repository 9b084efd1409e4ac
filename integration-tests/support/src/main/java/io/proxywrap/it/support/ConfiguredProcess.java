package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A server process run from a temp directory of its own: its configuration is written there, it
 * is started and awaited on its ports, and on close (or on any failure while starting) the
 * process is stopped and the directory removed. What haproxy and nginx share.
 */
final class ConfiguredProcess implements AutoCloseable {

    /** Bound on start-up (config parse, bind); generous for a loaded 2-core CI machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** Writes the configuration into the directory and returns the command that runs it. */
    interface Setup {
        List<String> writeConfiguration(TempDirectory dir) throws IOException;
    }

    private final TempDirectory dir;
    private final ManagedProcess process;

    private ConfiguredProcess(TempDirectory dir, ManagedProcess process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param moreDiagnostics what else to show, besides the process's output, when it does not
     *     start listening (nginx's error log, say)
     * @param ports the 127.0.0.1 ports it must listen on before this returns
     */
    static ConfiguredProcess start(String name, Setup setup, Function<Path, String> moreDiagnostics, int... ports) {
        return start(name, setup, environment -> { }, START_TIMEOUT, moreDiagnostics, ports);
    }

    /**
     * @param environment adjusts the child's environment (a copy of ours)
     * @param startTimeout bound on the wait for each port
     */
    static ConfiguredProcess start(String name, Setup setup, Consumer<Map<String, String>> environment,
            Duration startTimeout, Function<Path, String> moreDiagnostics, int... ports) {
        TempDirectory dir = new TempDirectory(name);
        ManagedProcess process = null;
        try {
            process = new ManagedProcess(name, setup.writeConfiguration(dir), dir.path(), environment);
            ManagedProcess started = process;
            for (int port : ports) {
                LoopbackPorts.awaitListening(port, startTimeout, started::isAlive,
                        () -> started.output() + moreDiagnostics.apply(dir.path()));
            }
            return new ConfiguredProcess(dir, process);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.close();
            }
            dir.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The process's stderr and stdout so far. */
    String output() {
        return process.output();
    }

    ManagedProcess process() {
        return process;
    }

    Path directory() {
        return dir.path();
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
