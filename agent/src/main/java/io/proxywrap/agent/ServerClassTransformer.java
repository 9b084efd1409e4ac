package io.proxywrap.agent;

import io.proxywrap.agent.weave.ClassWeaver;
import io.proxywrap.core.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's class file transformer: weaves the classes of the adapters on the weaver
 * ({@link ServerAdapter#wovenTypes()}), hands those of the others
 * ({@link ServerAdapter#instrumentedTypes()}) to Byte Buddy's transformer, and returns every
 * other class untouched after one map lookup, where Byte Buddy's own transformer would describe
 * each of the thousands of classes an application loads before deciding to leave it alone.
 *
 * <p>Byte Buddy's transformer is made once, after this one is registered: on a thread of its own
 * when {@link Instrumentations} expects it to be needed, else by the first class that needs it.
 * A class for Byte Buddy that loads while it is being made waits for it, so no class we change
 * can load unchanged. The wait cannot deadlock: the thread making the transformer needs only the
 * JDK, Byte Buddy and the agent's own classes, none of which is handed to Byte Buddy, so it never
 * waits for a class another thread is loading; Byte Buddy never loads a server class, it reads
 * their class files as resources.
 */
final class ServerClassTransformer implements ClassFileTransformer {

    /** By internal name ({@code org/apache/tomcat/util/net/NioChannel}), as the JVM passes it. */
    private final Map<String, WovenType> wovenTypes = new HashMap<String, WovenType>();
    /** Internal names of the classes for Byte Buddy. */
    private final Set<String> instrumentedTypes = new HashSet<String>();
    /**
     * {@code proxywrap.log=debug}: what Byte Buddy costs at start-up, a line when its transformer
     * is made and one per class it is given, the time on the loading thread included.
     */
    private final boolean debug;
    private final Callable<ClassFileTransformer> byteBuddyTransformer;
    private final AtomicBoolean making = new AtomicBoolean();
    private final CountDownLatch made = new CountDownLatch(1);
    /** Byte Buddy's transformer; null until {@link #made}, and after it if making it failed. */
    private volatile ClassFileTransformer byteBuddy;

    /** @param byteBuddyTransformer makes Byte Buddy's transformer; called at most once */
    ServerClassTransformer(List<ServerAdapter> adapters, boolean debug,
            Callable<ClassFileTransformer> byteBuddyTransformer) {
        this.debug = debug;
        this.byteBuddyTransformer = byteBuddyTransformer;
        for (ServerAdapter adapter : adapters) {
            for (WovenType type : adapter.wovenTypes()) {
                wovenTypes.put(type.name.replace('.', '/'), type);
            }
            for (String name : adapter.instrumentedTypes()) {
                instrumentedTypes.add(name.replace('.', '/'));
            }
        }
    }

    /**
     * Starts making Byte Buddy's transformer on a daemon thread of its own (an application that
     * ends before it is done must not wait for it), so that a JVM that will load Byte Buddy's
     * classes has it ready sooner. Without this, the first class that needs it makes it.
     */
    void makeInBackground() {
        Thread maker = new Thread(this::makeOnce, "proxywrap-instrumentation");
        maker.setDaemon(true);
        maker.start();
    }

    /**
     * Byte Buddy's transformer, made on this thread unless another thread makes or made it, in
     * which case this one waits for it.
     *
     * @return whether it was made (if not, the operator was told)
     */
    boolean byteBuddyReady() {
        makeOnce();
        awaitMade();
        return byteBuddy != null;
    }

    /** Never throws: on failure the classes stay unchanged and the operator is told. */
    private void makeOnce() {
        if (!making.compareAndSet(false, true)) {
            return;
        }
        try {
            long started = System.nanoTime();
            byteBuddy = byteBuddyTransformer.call();
            if (debug) {
                AgentLog.info("debug: Byte Buddy's transformer made in " + millisSince(started) + " ms on thread \""
                        + Thread.currentThread().getName() + "\"");
            }
        } catch (Throwable t) {
            // What is woven stays woven: only the classes for Byte Buddy load unchanged.
            AgentLog.warn("could not make Byte Buddy's transformer, so Jetty's and Undertow's classes run unchanged"
                    + " and their ports are not covered: " + t);
        } finally {
            made.countDown();
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (className == null) {
            return null;
        }
        WovenType woven = wovenTypes.get(className);
        if (woven != null) {
            return weave(woven, loader, classfileBuffer);
        }
        if (!instrumentedTypes.contains(className)) {
            return null;
        }
        long loading = System.nanoTime();
        if (!byteBuddyReady()) {
            return null;
        }
        long ready = System.nanoTime();
        byte[] changed = byteBuddy.transform(loader, className, classBeingRedefined, protectionDomain,
                classfileBuffer);
        if (debug) {
            AgentLog.info("debug: " + className.replace('/', '.')
                    + (changed != null ? " instrumented" : " left unchanged") + " in " + millisSince(ready)
                    + " ms, after waiting " + (ready - loading) / 1_000_000 + " ms for Byte Buddy's transformer");
        }
        return changed;
    }

    /** Never throws: a class that cannot be woven loads unchanged, and the operator is told. */
    private byte[] weave(WovenType type, ClassLoader loader, byte[] classfile) {
        long started = System.nanoTime();
        byte[] woven = null;
        try {
            if (type.gate.test(loader)) {
                woven = ClassWeaver.weave(type.plan, classfile);
            }
        } catch (Throwable t) {
            AgentLog.warn("could not instrument " + type.name + ", which runs unchanged: " + t);
        }
        if (debug) {
            AgentLog.info("debug: " + type.name + (woven != null ? " woven" : " left unchanged") + " in "
                    + millisSince(started) + " ms");
        }
        return woven;
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
