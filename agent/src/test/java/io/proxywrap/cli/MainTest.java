package io.proxywrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.config.ConfigReference;
import io.proxywrap.core.connection.RequestView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands' exit statuses and where their text goes; {@code send}'s network side is an integration test. */
class MainTest {

    /** One run of the command line, its two streams captured. */
    record Run(int status, String out, String err) {
        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Every attribute name {@link RequestView} defines, read from the class so a new one cannot be missed. */
    private static List<String> attributeNames() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : RequestView.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertEquals(12, names.size(), names.toString());
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "help", "--help", "-h"})
    void helpPrintsTheVersionAndTheWholeReference(String command) throws IllegalAccessException {
        Run run = command.isEmpty() ? Run.of() : Run.of(command);
        assertEquals(0, run.status(), run::err);
        assertEquals("", run.err());
        // Classes run from the build directory have no manifest, hence "dev"; the jar's own is an integration test.
        assertTrue(run.out().startsWith("proxywrap dev: "), run::out);
        List<String> lines = run.out().lines().toList();
        for (String line : ConfigReference.lines()) {
            assertTrue(lines.contains(line.isEmpty() ? line : "  " + line), line);
        }
        for (String name : attributeNames()) {
            assertTrue(run.out().contains(name), name);
        }
        assertTrue(run.out().endsWith(SendOptions.USAGE + System.lineSeparator()), run::out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "--version", "SEND"})
    void anUnknownCommandIsAUsageError(String command) {
        Run run = Run.of(command, "--to", "127.0.0.1:1");
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("proxywrap: unknown command \"" + command + "\"" + System.lineSeparator()
                + System.lineSeparator() + Help.USAGE), run::err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help"})
    void helpTakesNoArguments(String command) {
        Run run = Run.of(command, "send");
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("proxywrap: " + command + " takes no arguments"), run::err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--v2", "--to 127.0.0.1:8080 --local --source 1.2.3.4:5"})
    void aSendUsageErrorSaysWhatAndListsTheFlags(String flags) {
        List<String> args = new ArrayList<>(List.of("send"));
        args.addAll(List.of(flags.split(" ")));
        Run run = Run.of(args.toArray(new String[0]));
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("proxywrap send: "), run::err);
        assertTrue(run.err().endsWith(SendOptions.USAGE + System.lineSeparator()), run::err);
    }
}
