package io.proxywrap.agent;

import io.proxywrap.agent.weave.ClassPlan;
import java.util.function.Function;
import java.util.function.Predicate;

/** A server class an adapter weaves (see {@code io.proxywrap.agent.weave}), with its plan for each class loader. */
public final class WovenType {

    final String name;
    private final Function<ClassLoader, ClassPlan> plans;

    /**
     * @param name binary name, e.g. {@code org.apache.tomcat.util.net.NioChannel}
     * @param plans the plan for the server in a class loader, or null when that server is not
     *     one the plans were checked against; asked only when a class of that name loads
     */
    public WovenType(String name, Function<ClassLoader, ClassPlan> plans) {
        this.name = name;
        this.plans = plans;
    }

    /** One plan for every server {@code gate} admits. */
    public static WovenType gated(String name, Predicate<ClassLoader> gate, ClassPlan plan) {
        return new WovenType(name, loader -> gate.test(loader) ? plan : null);
    }

    public String name() {
        return name;
    }

    /** What to do with this class in {@code loader}; null: leave it alone. */
    public ClassPlan planFor(ClassLoader loader) {
        return plans.apply(loader);
    }
}
