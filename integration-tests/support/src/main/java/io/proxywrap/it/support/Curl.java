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
}
