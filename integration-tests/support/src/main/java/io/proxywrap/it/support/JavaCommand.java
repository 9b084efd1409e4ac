package io.proxywrap.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a short-lived child JVM of the JDK that runs the tests to completion, bounded in time: a
 * command-line tool as its users run it, e.g. {@code java -jar proxywrap.jar send ...}. The child
 * gets our environment without the variables that would change what a JVM does or prints, as
 * {@link JavaServer}'s children do.
 */
public final class JavaCommand {

    /** Bound on one run: a JVM starts in well under a second, even on a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Inherited variables that would change what the child JVM does or prints: our own
     * configuration, and the JVM's option variables (which may even load another agent).
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP =
            Pattern.compile("PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS", Pattern.CASE_INSENSITIVE);

    private JavaCommand() {
    }

    /**
     * Runs {@code java -jar <jar> <arguments>} to completion; fails if it is still running after
     * {@link #TIMEOUT}.
     */
    public static CommandResult runJar(Path jar, String... arguments) {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        return CommandResult.run(command, JavaCommand::dropInheritedJvmSettings, TIMEOUT);
    }

    /** The JVM running the tests, so that a run on the second JDK tests the agent on that JDK. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Removes from a child's {@code environment} what would change what its JVM does or prints. */
    public static void dropInheritedJvmSettings(Map<String, String> environment) {
        environment.keySet().removeIf(variable -> INHERITED_VARIABLES_TO_DROP.matcher(variable).matches());
    }
}
