package io.proxywrap.cli;

/** The command line asks for something that cannot be done; the message says what and why. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
