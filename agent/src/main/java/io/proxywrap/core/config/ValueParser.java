package io.proxywrap.core.config;

/** Turns a setting's text into its value. */
interface ValueParser<T> {
    T parse(String text) throws InvalidValueException;
}
