package io.proxywrap.agent;

import io.proxywrap.agent.weave.ClassPlan;
import java.util.function.Predicate;

/** A server class an adapter weaves (see {@code io.proxywrap.agent.weave}), in the class loaders its gate admits. */
public final class WovenType {

    final String name;
    final Predicate<ClassLoader> gate;
    final ClassPlan plan;

    /**
     * @param name binary name, e.g. {@code org.apache.tomcat.util.net.NioChannel}
     * @param gate whether a class loader holds a server version the plan was checked against;
     *     asked only when a class of that name loads
     */
    public WovenType(String name, Predicate<ClassLoader> gate, ClassPlan plan) {
        this.name = name;
        this.gate = gate;
        this.plan = plan;
    }

    public String name() {
        return name;
    }
}
