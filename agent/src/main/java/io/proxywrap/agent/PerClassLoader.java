package io.proxywrap.agent;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * What a class loader holds of one server (which line, whether we support it), worked out once
 * per loader when the first of its classes we match loads. Weak, so a redeployed web
 * application's loader can go.
 */
public final class PerClassLoader<V> {

    /** Works out the value for a loader; runs once per loader, under this object's lock. */
    public interface Inspection<V> {
        V inspect(ClassLoader loader);
    }

    private final Map<ClassLoader, V> known = new WeakHashMap<ClassLoader, V>();
    private final Inspection<V> inspection;
    private final V forBootstrap;

    /**
     * @param forBootstrap the value for the bootstrap loader (null), which never holds a server
     */
    public PerClassLoader(Inspection<V> inspection, V forBootstrap) {
        this.inspection = inspection;
        this.forBootstrap = forBootstrap;
    }

    public synchronized V get(ClassLoader loader) {
        if (loader == null) {
            return forBootstrap;
        }
        V value = known.get(loader);
        if (value == null && !known.containsKey(loader)) {
            value = inspection.inspect(loader);
            known.put(loader, value);
        }
        return value;
    }
}
