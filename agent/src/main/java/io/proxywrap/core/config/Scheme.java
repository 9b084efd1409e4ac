package io.proxywrap.core.config;

/** The scheme a port's requests report, when the configuration fixes it for that port. */
public enum Scheme {
    HTTP,
    /** The balancer terminated TLS and forwards plain TCP, e.g. an ELB SSL listener. */
    HTTPS
}
