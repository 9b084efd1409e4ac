package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which classes reach Byte Buddy, and how a class loading before Byte Buddy is ready waits for it. */
class ServerClassTransformerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A class {@link TomcatAdapter} changes, as the JVM names it. */
    private static final String SERVER_CLASS = "org/apache/tomcat/util/net/NioChannel";
    private static final byte[] ORIGINAL = {1, 2, 3};
    private static final byte[] CHANGED = {4, 5, 6};
    private static final ClassLoader LOADER = ServerClassTransformerTest.class.getClassLoader();

    /** Stands in for Byte Buddy's transformer: changes {@link #SERVER_CLASS} and nothing else. */
    private static final ClassFileTransformer BYTE_BUDDY = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            return loader == LOADER && SERVER_CLASS.equals(className) && classfileBuffer == ORIGINAL ? CHANGED : null;
        }
    };

    private final ServerClassTransformer transformer = new ServerClassTransformer(
            Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(), new UndertowAdapter()), false);

    @Test
    void classesNoAdapterChangesPassAtOnceEvenBeforeByteBuddyIsReady() {
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertNull(load("java/lang/String"));
            assertNull(load("org/apache/catalina/startup/Tomcat"));
            assertNull(load("io/proxywrap/agent/AgentHooks"));
            assertNull(load(null), "hidden classes have no name");
        });
    }

    @Test
    void aServerClassLoadingBeforeByteBuddyIsReadyWaitsAndIsChanged() throws Exception {
        FutureTask<byte[]> loading = loadingWaits(() -> load(SERVER_CLASS), "loads " + SERVER_CLASS);
        assertFalse(loading.isDone());

        assertTrue(transformer.make(() -> BYTE_BUDDY));

        assertSame(CHANGED, loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void onceReadyEveryAdaptersClassReachesByteBuddy() throws Exception {
        assertTrue(transformer.make(() -> BYTE_BUDDY));
        assertSame(CHANGED, load(SERVER_CLASS));
        assertNull(load("org/eclipse/jetty/server/ServerConnector"), "handed over, and left alone by the stand-in");
    }

    @Test
    void anInterruptedLoadStillWaitsAndKeepsItsInterrupt() throws Exception {
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        FutureTask<byte[]> loading = loadingWaits(() -> {
            Thread.currentThread().interrupt();
            byte[] result = load(SERVER_CLASS);
            interruptedAfterwards.set(Thread.interrupted());
            return result;
        }, "loads " + SERVER_CLASS + " interrupted");

        transformer.make(() -> BYTE_BUDDY);

        assertSame(CHANGED, loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "an interrupt must not let a server class load unchanged");
        assertTrue(interruptedAfterwards.get());
    }

    @Test
    void whenByteBuddyCannotBeMadeEveryClassLoadsUnchanged() throws Exception {
        FutureTask<byte[]> loading = loadingWaits(() -> load(SERVER_CLASS), "loads " + SERVER_CLASS);

        assertFalse(transformer.make(() -> {
            throw new IllegalStateException("cannot make it");
        }));

        assertNull(loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "released, unchanged");
        assertNull(load(SERVER_CLASS));
    }

    private byte[] load(String className) throws Exception {
        return transformer.transform(LOADER, className, null, null, ORIGINAL);
    }

    /** Runs {@code load} on a thread of its own and returns once that thread waits for Byte Buddy. */
    private static FutureTask<byte[]> loadingWaits(Callable<byte[]> load, String threadName) {
        FutureTask<byte[]> loading = new FutureTask<>(load);
        Thread loader = new Thread(loading, threadName);
        loader.start();
        awaitWaiting(loader);
        return loading;
    }

    /** Until {@code thread} parks waiting for Byte Buddy; bounded in time. */
    private static void awaitWaiting(Thread thread) {
        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        });
        assertEquals(Thread.State.WAITING, thread.getState());
    }
}
