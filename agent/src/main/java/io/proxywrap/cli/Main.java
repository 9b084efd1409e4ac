package io.proxywrap.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar proxywrap.jar}: the jar's command-line face. JDK and core only: it loads no
 * ASM and touches no instrumentation, so it runs in any JVM without side effects.
 */
public final class Main {

    static final int OK = 0;
    /** {@code send} got no response. */
    static final int NO_RESPONSE = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit status */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            if (args.length > 1) {
                return usage(err, command + " takes no arguments");
            }
            Help.print(out);
            return OK;
        }
        if (command.equals("send")) {
            SendOptions options;
            try {
                options = SendOptions.parse(Arrays.asList(args).subList(1, args.length));
            } catch (UsageException e) {
                err.println("proxywrap send: " + e.getMessage());
                err.println();
                err.println(SendOptions.USAGE);
                return USAGE;
            }
            return new Send(options, out, err).run();
        }
        return usage(err, "unknown command \"" + command + "\"");
    }

    private static int usage(PrintStream err, String problem) {
        err.println("proxywrap: " + problem);
        err.println();
        err.println(Help.USAGE);
        return USAGE;
    }
}
