package io.proxywrap.agent;

import io.proxywrap.agent.weave.ClassPlan;
import io.proxywrap.agent.weave.ClassWeaver;
import io.proxywrap.core.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's class file transformer: weaves the adapters' classes
 * ({@link ServerAdapter#wovenTypes()}) and returns every other class untouched after one map
 * lookup, so the thousands of classes an application loads cost it nothing else.
 */
final class ServerClassTransformer implements ClassFileTransformer {

    /** By internal name ({@code org/apache/tomcat/util/net/NioChannel}), as the JVM passes it. */
    private final Map<String, WovenType> wovenTypes = new HashMap<String, WovenType>();
    /** {@code proxywrap.log=debug}: a line per class woven, with the time it took on the loading thread. */
    private final boolean debug;

    ServerClassTransformer(List<ServerAdapter> adapters, boolean debug) {
        this.debug = debug;
        for (ServerAdapter adapter : adapters) {
            for (WovenType type : adapter.wovenTypes()) {
                if (wovenTypes.put(type.name.replace('.', '/'), type) != null) {
                    throw new IllegalArgumentException(type.name + " is woven by two adapters");
                }
            }
        }
    }

    /** Whether a class of that binary name ({@code org.apache.tomcat.util.net.NioChannel}) is one we weave. */
    boolean weaves(String binaryName) {
        return wovenTypes.containsKey(binaryName.replace('.', '/'));
    }

    /** Never throws: a class that cannot be woven loads unchanged, and the operator is told. */
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        WovenType type = className == null ? null : wovenTypes.get(className);
        if (type == null) {
            return null;
        }
        long started = System.nanoTime();
        byte[] woven = null;
        try {
            ClassPlan plan = type.planFor(loader);
            if (plan != null) {
                woven = ClassWeaver.weave(plan, classfileBuffer);
            }
        } catch (Throwable t) {
            AgentLog.warn("could not instrument " + type.name + ", which runs unchanged: " + t);
        }
        if (debug) {
            AgentLog.info("debug: " + type.name + (woven != null ? " woven" : " left unchanged") + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        return woven;
    }
}
