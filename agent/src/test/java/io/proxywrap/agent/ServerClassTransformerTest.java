package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.agent.weave.ClassFiles;
import io.proxywrap.server.jetty.JettyAdapter;
import io.proxywrap.server.tomcat.TomcatAdapter;
import io.proxywrap.server.undertow.UndertowAdapter;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which classes are woven, which reach Byte Buddy, when Byte Buddy's transformer is made, and
 * how a class loading while it is being made waits for it.
 */
class ServerClassTransformerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A class {@link JettyAdapter} hands to Byte Buddy, as the JVM names it. */
    private static final String SERVER_CLASS = "org/eclipse/jetty/server/ServerConnector";
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

    private final AtomicInteger makings = new AtomicInteger();
    /** Holds the making of Byte Buddy's transformer until counted down. */
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean makingFails;

    private final ServerClassTransformer transformer = new ServerClassTransformer(
            Arrays.<ServerAdapter>asList(new TomcatAdapter(), new JettyAdapter(), new UndertowAdapter()), false, () -> {
                makings.incrementAndGet();
                release.await();
                if (makingFails) {
                    throw new IllegalStateException("cannot make it");
                }
                return BYTE_BUDDY;
            });

    @Test
    void classesNoAdapterChangesPassAtOnceAndMakeNothing() {
        release.countDown();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertNull(load("java/lang/String"));
            assertNull(load("org/apache/catalina/startup/Tomcat"));
            assertNull(load("io/proxywrap/agent/AgentHooks"));
            assertNull(load(null), "hidden classes have no name");
        });
        assertEquals(0, makings.get());
    }

    @Test
    void tomcatsClassesAreWovenWithoutByteBuddy() throws Exception {
        release.countDown();
        String nioChannel = "org.apache.tomcat.util.net.NioChannel";
        byte[] original = ClassFiles.read(LOADER, nioChannel);
        assertNotNull(original, "Tomcat is on the test class path");

        byte[] woven = transformer.transform(LOADER, nioChannel.replace('.', '/'), null, null, original);

        assertNotNull(woven);
        assertFalse(Arrays.equals(original, woven));
        assertEquals(0, makings.get(), "Byte Buddy's transformer is never made for Tomcat");
    }

    @Test
    void theFirstClassForByteBuddyMakesItsTransformerOnItsOwnThread() throws Exception {
        release.countDown();
        assertSame(CHANGED, load(SERVER_CLASS));
        assertNull(load("org/xnio/nio/NioXnioWorker"), "handed over, and left alone by the stand-in");
        assertEquals(1, makings.get());
    }

    @Test
    void aClassForByteBuddyLoadingWhileItIsMadeWaitsAndIsChanged() throws Exception {
        transformer.makeInBackground();
        awaitMaking();
        FutureTask<byte[]> loading = loadingWaits(() -> load(SERVER_CLASS), "loads " + SERVER_CLASS);
        assertFalse(loading.isDone());

        release.countDown();

        assertSame(CHANGED, loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1, makings.get());
    }

    @Test
    void anInterruptedLoadStillWaitsAndKeepsItsInterrupt() throws Exception {
        transformer.makeInBackground();
        awaitMaking();
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        FutureTask<byte[]> loading = loadingWaits(() -> {
            Thread.currentThread().interrupt();
            byte[] result = load(SERVER_CLASS);
            interruptedAfterwards.set(Thread.interrupted());
            return result;
        }, "loads " + SERVER_CLASS + " interrupted");

        release.countDown();

        assertSame(CHANGED, loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "an interrupt must not let a server class load unchanged");
        assertTrue(interruptedAfterwards.get());
    }

    @Test
    void whenByteBuddyCannotBeMadeItsClassesLoadUnchangedAndItIsTriedOnce() throws Exception {
        makingFails = true;
        transformer.makeInBackground();
        awaitMaking();
        FutureTask<byte[]> loading = loadingWaits(() -> load(SERVER_CLASS), "loads " + SERVER_CLASS);

        release.countDown();

        assertNull(loading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "released, unchanged");
        assertNull(load(SERVER_CLASS));
        assertEquals(1, makings.get());
    }

    private byte[] load(String className) throws Exception {
        return transformer.transform(LOADER, className, null, null, ORIGINAL);
    }

    /** Until the background thread has started making Byte Buddy's transformer; bounded in time. */
    private void awaitMaking() {
        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (makings.get() == 0) {
                Thread.onSpinWait();
            }
        });
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
