package io.proxywrap.core.config;

/**
 * The configuration cannot be used. The message is one line naming the setting as the user
 * wrote it, its value, where it came from and what was expected, e.g.
 * {@code proxywrap.ports="80x" (system property): expected a comma-separated list of TCP ports
 * 1-65535; "80x" is not a port number}, so that a start-up failure can be fixed without reading
 * any documentation.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String subject, String problem) {
        super(subject + ": " + problem);
    }

    /** {@code name="value" (source)}: the subject of a message about one setting. */
    static String subject(String name, String value, ConfigSource source) {
        return name + "=" + quote(value) + " (" + source.description() + ")";
    }

    /**
     * Quotes a user's text so that the message stays one line and shows exactly what was given,
     * including stray whitespace or a pasted line break.
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                case '\\':
                    quoted.append('\\').append(c);
                    break;
                case '\n':
                    quoted.append("\\n");
                    break;
                case '\r':
                    quoted.append("\\r");
                    break;
                case '\t':
                    quoted.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
            }
        }
        return quoted.append('"').toString();
    }
}
