package io.proxywrap.core.config;

/** What a configured port does with a connection that does not start with a PROXY header. */
public enum Mode {
    /** No header means the connection is closed: the balancer always sends one. */
    REQUIRED,
    /** No header means the connection is served with its real socket addresses. */
    OPTIONAL
}
