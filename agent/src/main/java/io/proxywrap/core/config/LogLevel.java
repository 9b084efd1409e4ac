package io.proxywrap.core.config;

/** What the agent writes besides its start-up lines ({@code proxywrap.log}). */
public enum LogLevel {
    /** One WARN line per rejected connection, limited per reason. */
    WARN,
    /** Also one line per connection: accepted, then how its header was decided. */
    DEBUG
}
