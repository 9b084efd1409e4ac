package io.proxywrap.agent;

import io.proxywrap.core.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's class file transformer: hands the few classes the adapters change
 * ({@link ServerAdapter#instrumentedTypes()}) to Byte Buddy's transformer and returns every
 * other class untouched after one set lookup, where Byte Buddy's own transformer would describe
 * each of the thousands of classes an application loads before deciding to leave it alone.
 *
 * <p>Byte Buddy's transformer may be made after this one is registered, on another thread (see
 * {@link Instrumentations}): a server class that loads before it is ready waits for it, so no
 * class we change can load unchanged. The wait cannot deadlock: until Byte Buddy's transformer is
 * ready no changed class has run, so a waiting thread runs only the application's, the server's
 * and the JDK's code, and the thread making the transformer needs only the JDK, Byte Buddy and
 * the agent's own classes, which that code neither loads nor initialises while loading a server
 * class. Byte Buddy never loads a server class; it reads their class files as resources.
 */
final class ServerClassTransformer implements ClassFileTransformer {

    /** Internal names ({@code org/apache/tomcat/util/net/NioChannel}), as the JVM passes them. */
    private final Set<String> instrumentedTypes = new HashSet<String>();
    /**
     * {@code proxywrap.log=debug}: what Byte Buddy costs at start-up, a line when its transformer
     * is made and one per class it is given, the time on the loading thread included.
     */
    private final boolean debug;
    private final CountDownLatch made = new CountDownLatch(1);
    /** Byte Buddy's transformer; null until {@link #made}, and after it if making it failed. */
    private volatile ClassFileTransformer byteBuddy;

    ServerClassTransformer(List<ServerAdapter> adapters, boolean debug) {
        this.debug = debug;
        for (ServerAdapter adapter : adapters) {
            for (String name : adapter.instrumentedTypes()) {
                instrumentedTypes.add(name.replace('.', '/'));
            }
        }
    }

    /**
     * Makes Byte Buddy's transformer, which from then on receives the adapters' classes. Called
     * once. Never throws: on failure the classes stay unchanged and the operator is told.
     *
     * @return whether it was made
     */
    boolean make(Callable<ClassFileTransformer> byteBuddyTransformer) {
        try {
            long started = System.nanoTime();
            byteBuddy = byteBuddyTransformer.call();
            if (debug) {
                AgentLog.info("debug: Byte Buddy's transformer made in " + millisSince(started) + " ms on thread \""
                        + Thread.currentThread().getName() + "\"");
            }
            return true;
        } catch (Throwable t) {
            ProxywrapAgent.reportUnexpected(t);
            return false;
        } finally {
            made.countDown();
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (className == null || !instrumentedTypes.contains(className)) {
            return null;
        }
        long loading = System.nanoTime();
        awaitMade();
        ClassFileTransformer transformer = byteBuddy;
        if (transformer == null) {
            return null;
        }
        long ready = System.nanoTime();
        byte[] changed = transformer.transform(loader, className, classBeingRedefined, protectionDomain,
                classfileBuffer);
        if (debug) {
            AgentLog.info("debug: " + className.replace('/', '.')
                    + (changed != null ? " instrumented" : " left unchanged") + " in " + millisSince(ready)
                    + " ms, after waiting " + (ready - loading) / 1_000_000 + " ms for Byte Buddy's transformer");
        }
        return changed;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /**
     * Waits even when interrupted: letting the class load unchanged would leave its server half
     * instrumented. The interrupt is kept for the loading code to see.
     */
    private void awaitMade() {
        boolean interrupted = false;
        while (made.getCount() > 0) {
            try {
                made.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
