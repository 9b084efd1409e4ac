package io.proxywrap.core.config;

/**
 * A value does not have the form its key expects. The message says what exactly is wrong with
 * it, or is null when the key's general expectation says it all; the loader adds the key, the
 * value and the source.
 */
final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidValueException(String detail) {
        super(detail, null, false, false);
    }
}
