package io.proxywrap.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a server in a child JVM of the JDK that runs the tests, from the tests' own class path or
 * from a runnable jar, as an {@link ExternalServer} (temp working directory, output in files,
 * stopped on close). The agent goes in through {@code jvmArguments} as {@code -javaagent}, exactly
 * as users start it; never in-process.
 */
public final class JavaServer {

    private JavaServer() {
    }

    /**
     * Starts {@code java <jvmArguments> -cp <our class path> <mainClass> <arguments>} and returns
     * once each of {@code ports} listens on 127.0.0.1, or fails with what the JVM printed.
     *
     * @param startTimeout bound on the wait for each port: a JVM that loads an agent and a server
     *     takes seconds on a loaded 2-core machine
     */
    public static ExternalServer start(String name, List<String> jvmArguments, String mainClass,
            List<String> arguments, Duration startTimeout, int... ports) {
        return launch(name, jvmArguments, List.of("-cp", System.getProperty("java.class.path"), mainClass), arguments,
                startTimeout, ports);
    }

    /**
     * Starts {@code java <jvmArguments> -jar <jar> <arguments>}, a packaged application as its
     * users run it, and returns once each of {@code ports} listens on 127.0.0.1 (at once for
     * none), or fails with what the JVM printed.
     *
     * @param startTimeout bound on the wait for each port
     */
    public static ExternalServer startJar(String name, List<String> jvmArguments, Path jar,
            List<String> arguments, Duration startTimeout, int... ports) {
        return launch(name, jvmArguments, List.of("-jar", jar.toString()), arguments, startTimeout, ports);
    }

    /** @param application what names the code to run: {@code -cp ... MainClass} or {@code -jar ...} */
    private static ExternalServer launch(String name, List<String> jvmArguments, List<String> application,
            List<String> arguments, Duration startTimeout, int... ports) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java().toString());
        command.addAll(jvmArguments);
        command.addAll(application);
        command.addAll(arguments);
        return ExternalServer.start(name, (directory, environment) -> {
            JavaCommand.dropInheritedJvmSettings(environment);
            return command;
        }, startTimeout, ports);
    }
}
