package io.proxywrap.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the real curl binary with the given arguments, bounded in time. */
public final class Curl {

    /** Bound on one curl run; pass {@code --max-time} below it to get curl's own error instead. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Curl() {
    }

    /** Runs {@code curl args...}; fails if it is still running after {@link #TIMEOUT}. */
    public static CommandResult run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(RequiredTool.CURL.path().toString());
        command.addAll(List.of(args));
        return CommandResult.run(command, TIMEOUT);
    }

    /**
     * Runs curl as the tests' real client: from {@link LoopbackPorts#CLIENT_ADDRESS}:{@code localPort}
     * (so the test knows the exact address and port a PROXY header must carry), quiet but for
     * errors, failing on HTTP errors and after 15 s of its own, with {@code args} (options and
     * URLs) after.
     */
    public static CommandResult fromClientAddress(int localPort, String... args) {
        List<String> command = new ArrayList<>(List.of("--silent", "--show-error", "--fail", "--max-time", "15",
                "--interface", LoopbackPorts.CLIENT_ADDRESS.getHostAddress(),
                "--local-port", Integer.toString(localPort)));
        command.addAll(List.of(args));
        return run(command.toArray(new String[0]));
    }

    /**
     * Options to reach {@code https://test.local:<port>} on 127.0.0.1 trusting only
     * {@code certificate}, whose name that is.
     */
    public static List<String> trusting(SelfSignedCertificate certificate, int port) {
        return List.of("--cacert", certificate.certificatePem().toString(),
                "--resolve", SelfSignedCertificate.HOST_NAME + ":" + port + ":127.0.0.1");
    }
}
