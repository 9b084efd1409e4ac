package io.proxywrap.agent.weave;

import static io.proxywrap.agent.weave.MethodHook.answeringField;
import static io.proxywrap.agent.weave.MethodHook.atEntry;
import static io.proxywrap.agent.weave.MethodHook.atExit;
import static io.proxywrap.agent.weave.MethodHook.replacingArgument;
import static io.proxywrap.agent.weave.MethodHook.replacingReturn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.bootstrap.ConnectionSlot;
import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.core.log.AgentLog;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The weaver on classes shaped like the servers', each woven class defined in a loader of its
 * own and run, so the JVM's verifier checks every method the weaver wrote or changed.
 */
class ClassWeaverTest {

    /** Shaped like Tomcat's socket wrapper: fields filled lazily by populate methods. */
    public static class Wrapper {
        public String remoteAddr;
        public int remotePort = -1;
        public String name = "w";
        public int bodyRuns;

        public void populateRemoteAddr(String given) {
            bodyRuns++;
            remoteAddr = "own";
        }

        public void populateRemotePort(int given) {
            bodyRuns++;
            remotePort = 1;
        }

        /** Its first instruction is a loop's target, so the method has a frame at offset 0. */
        public void populateInALoop(String given) {
            do {
                bodyRuns++;
            } while (bodyRuns < 3);
            remoteAddr = "looped";
        }

        public long lastRead(boolean early) {
            if (early) {
                return 1;
            }
            return 2;
        }

        public void work(List<String> log) {
            log.add("body");
        }

        public void fails(List<String> log) {
            log.add("body");
            throw new IllegalStateException("thrown");
        }

        /** Returns a subtype of what its template takes, as Jetty 9.4's InetSocketAddress getters do. */
        public StringBuilder text() {
            return new StringBuilder("own");
        }

        public String greet(String who, long times) {
            return who;
        }
    }

    /** Shaped like Tomcat's NioChannel: a channel and the object that carries the slot. */
    public static class Channel {
        public SocketChannel sc;
        public Object socketWrapper;

        public int read(ByteBuffer dst) throws IOException {
            return sc.read(dst);
        }

        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return sc.read(dsts, offset, length);
        }

        public int notRewritten(ByteBuffer dst) throws IOException {
            return sc.read(dst);
        }
    }

    /** Templates for the classes above; they use the JDK only, as templates must. */
    static final class Hooks {
        private Hooks() {
        }

        static String answer(String given) {
            return given;
        }

        static int answerPort(int given) {
            return given;
        }

        static long later(long lastRead, Object self) {
            return lastRead + 100;
        }

        static void enter(List<String> log, String name) {
            log.add("enter");
            log.add(name);
        }

        static void exit(List<String> log) {
            log.add("exit");
        }

        static CharSequence appended(CharSequence given) {
            return ((StringBuilder) given).append('+');
        }

        static Object made(String name) {
            return name.concat("!");
        }

        static String upper(String given) {
            return given.toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** Templates that break the rules of {@link Templates}. */
    static final class BadHooks {
        private BadHooks() {
        }

        static void usesTheAgent(String message) {
            AgentLog.warn(message);
        }

        static void callsItsOwnClass(String message) {
            helper(message);
        }

        private static void helper(String message) {
            message.length();
        }
    }

    @Test
    void anAnsweredFieldIsStoredAndTheMethodReturnsWithoutItsBody() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .hook(answeringField("populateRemoteAddr", null, "remoteAddr", "Ljava/lang/String;", "answer",
                        Value.argument(0)))
                .hook(answeringField("populateRemotePort", "(I)V", "remotePort", "I", "answerPort",
                        Value.argument(0))));

        call(wrapper, "populateRemoteAddr", "203.0.113.7");
        call(wrapper, "populateRemotePort", 4242);
        assertEquals("203.0.113.7", field(wrapper, "remoteAddr"));
        assertEquals(4242, field(wrapper, "remotePort"));
        assertEquals(0, field(wrapper, "bodyRuns"));

        call(wrapper, "populateRemoteAddr", (Object) null);
        call(wrapper, "populateRemotePort", -1);
        assertEquals("own", field(wrapper, "remoteAddr"), "no answer: the method's own code runs");
        assertEquals(1, field(wrapper, "remotePort"));
        assertEquals(2, field(wrapper, "bodyRuns"));
    }

    @Test
    void anAnswerBeforeCodeThatStartsWithAFrameVerifies() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .hook(answeringField("populateInALoop", null, "remoteAddr", "Ljava/lang/String;", "answer",
                        Value.argument(0))));

        call(wrapper, "populateInALoop", (Object) null);
        assertEquals("looped", field(wrapper, "remoteAddr"));
        assertEquals(3, field(wrapper, "bodyRuns"));
        call(wrapper, "populateInALoop", "answered");
        assertEquals("answered", field(wrapper, "remoteAddr"));
    }

    @Test
    void everyReturnIsReplaced() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .hook(replacingReturn("lastRead", "(Z)J", "later", Value.self())));

        assertEquals(101L, call(wrapper, "lastRead", true));
        assertEquals(102L, call(wrapper, "lastRead", false));
    }

    @Test
    void aReturnReplacedThroughASupertypeIsCastBackAndCanBeStored() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .objectField("proxywrap$text")
                .hook(replacingReturn("text", "()Ljava/lang/StringBuilder;", "appended").storingResultIn("proxywrap$text")));

        Object text = wrapper.getClass().getMethod("text").invoke(wrapper);
        assertTrue(text instanceof StringBuilder);
        assertEquals("own+", text.toString());
        assertSame(text, field(wrapper, "proxywrap$text"));
    }

    @Test
    void aConstructorsExitStoresItsTemplatesResult() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .objectField("proxywrap$made")
                .hook(atExit("<init>", "()V", "made", Value.field("name", "Ljava/lang/String;"))
                        .storingResultIn("proxywrap$made")));

        assertEquals("w!", field(wrapper, "proxywrap$made"));
    }

    @Test
    void anArgumentIsReplacedWhereTheMethodStarts() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .hook(replacingArgument("greet", null, 0, "upper", Value.argument(0))));

        assertEquals("BOB", wrapper.getClass().getMethod("greet", String.class, long.class).invoke(wrapper, "bob", 2L));
    }

    @Test
    void entryAndExitHooksGetArgumentsAndFieldsAndAnExceptionPassesTheExitBy() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class)
                .hook(atEntry("work", null, "enter", Value.argument(0), Value.field("name", "Ljava/lang/String;")))
                .hook(atExit("work", null, "exit", Value.argument(0)))
                .hook(atExit("fails", null, "exit", Value.argument(0))));

        List<String> log = new ArrayList<String>();
        call(wrapper, "work", log);
        assertEquals(Arrays.asList("enter", "w", "body", "exit"), log);

        log.clear();
        Method fails = wrapper.getClass().getMethod("fails", List.class);
        Throwable thrown = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> fails.invoke(wrapper, log)).getCause();
        assertEquals("thrown", thrown.getMessage());
        assertEquals(Arrays.asList("body"), log);
    }

    @Test
    void theConnectionSlotHoldsTheStateOnTheServersObject() throws Exception {
        Object wrapper = wovenWrapper(ClassPlan.withTemplates(Hooks.class).connectionSlot()
                .objectField("proxywrap$timer"));

        ConnectionSlot slot = (ConnectionSlot) wrapper;
        assertNull(slot.proxywrap$connection());
        // The agent's own kind of state for a connection it could not read: any will do.
        java.lang.reflect.Constructor<?> failed = Class.forName("io.proxywrap.agent.FailedConnection")
                .getDeclaredConstructor(String.class);
        failed.setAccessible(true);
        ProxiedConnection connection = (ProxiedConnection) failed.newInstance("test");
        slot.proxywrap$connection(connection);
        assertSame(connection, slot.proxywrap$connection());
        assertNull(field(wrapper, "proxywrap$timer"));
    }

    @Test
    void rawReadsGoThroughTheBridgeInTheNamedMethodsOnly() throws Exception {
        byte[] woven = ClassWeaver.weave(ClassPlan.withTemplates(Hooks.class)
                .rawReads("read", Value.field("socketWrapper", "Ljava/lang/Object;")).build(), classfile(Channel.class));

        define(Channel.class.getName(), woven).getConstructor().newInstance(); // verifies
        assertEquals(Arrays.asList(
                "read(Ljava/nio/ByteBuffer;)I calls io/proxywrap/bootstrap/ProxywrapBridge.read"
                        + "(Ljava/nio/channels/SocketChannel;Ljava/nio/ByteBuffer;Ljava/lang/Object;)I",
                "read([Ljava/nio/ByteBuffer;II)J calls io/proxywrap/bootstrap/ProxywrapBridge.read"
                        + "(Ljava/nio/channels/SocketChannel;[Ljava/nio/ByteBuffer;IILjava/lang/Object;)J",
                "notRewritten(Ljava/nio/ByteBuffer;)I calls java/nio/channels/SocketChannel.read(Ljava/nio/ByteBuffer;)I"),
                readCalls(woven));
    }

    @Test
    void aPlanThatDoesNotFitTheClassFailsLoudly() {
        assertEquals(Wrapper.class.getName() + " has no method for answer at entry of populateRemoteHost()V",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class).hook(answeringField(
                        "populateRemoteHost", "()V", "remoteHost", "Ljava/lang/String;", "answer", Value.argument(0)))));
        assertEquals(Wrapper.class.getName() + " has no SocketChannel.read call in any method",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class).rawReads(null, Value.self())));
        assertEquals("exit at exit of work: the template takes 1 parameters, the hook passes 2",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class)
                        .hook(atExit("work", null, "exit", Value.argument(0), Value.self()))));
        assertEquals("later at exit of work: template must take and return V",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class)
                        .hook(replacingReturn("work", null, "later", Value.self()))));
        assertEquals("upper at entry of greet: template must return J",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class)
                        .hook(replacingArgument("greet", null, 1, "upper", Value.argument(0)))));
        assertEquals("exit at exit of work: template must return a reference to store",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class).objectField("proxywrap$log")
                        .hook(atExit("work", null, "exit", Value.argument(0)).storingResultIn("proxywrap$log"))));
        assertEquals("later at exit of lastRead(Z)J: template must return a reference to store",
                weaveFails(Wrapper.class, ClassPlan.withTemplates(Hooks.class).objectField("proxywrap$last")
                        .hook(replacingReturn("lastRead", "(Z)J", "later", Value.self()).storingResultIn("proxywrap$last"))));
        assertThrows(IllegalArgumentException.class, () -> ClassPlan.withTemplates(Hooks.class)
                .hook(atExit("<init>", "()V", "made", Value.self()).storingResultIn("proxywrap$undeclared")).build());
    }

    @Test
    void aTemplateThatUsesTheAgentOrItsOwnClassIsRefused() {
        String agent = weaveFails(Wrapper.class, ClassPlan.withTemplates(BadHooks.class)
                .hook(atEntry("work", null, "usesTheAgent", Value.field("name", "Ljava/lang/String;"))));
        assertTrue(agent.contains("io/proxywrap/core/log/AgentLog, which a server's class loader cannot see"), agent);
        String own = weaveFails(Wrapper.class, ClassPlan.withTemplates(BadHooks.class)
                .hook(atEntry("work", null, "callsItsOwnClass", Value.field("name", "Ljava/lang/String;"))));
        assertTrue(own.contains("calls helper of its own class"), own);
    }

    private static String weaveFails(Class<?> type, ClassPlan.Builder plan) {
        return assertThrows(WeavingException.class, () -> ClassWeaver.weave(plan.build(), classfile(type))).getMessage();
    }

    private static Object wovenWrapper(ClassPlan.Builder plan) throws Exception {
        byte[] woven = ClassWeaver.weave(plan.build(), classfile(Wrapper.class));
        return define(Wrapper.class.getName(), woven).getConstructor().newInstance();
    }

    private static byte[] classfile(Class<?> type) {
        return ClassFiles.read(type.getClassLoader(), type.getName());
    }

    /** The class under its own name in a loader of its own, so the woven bytes are what runs. */
    private static Class<?> define(String name, byte[] bytes) {
        return new ClassLoader(ClassWeaverTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }

    private static Object call(Object target, String name, Object argument) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name)) {
                return method.invoke(target, argument);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Object field(Object target, String name) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    /** "method calls owner.read(descriptor)" for each read call, in class file order. */
    private static List<String> readCalls(byte[] classfile) {
        List<String> calls = new ArrayList<String>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String callDescriptor,
                            boolean isInterface) {
                        if (name.equals("read")) {
                            calls.add(method + descriptor + " calls " + owner + "." + name + callDescriptor);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}
