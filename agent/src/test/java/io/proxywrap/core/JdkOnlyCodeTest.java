package io.proxywrap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * BRIEF §5: the core is JDK-only. Every class compiled under {@code io/proxywrap/core} may refer
 * only to {@code java/...} and to the core itself: no ASM, no server classes, no
 * {@code sun/} or {@code jdk/internal}, nothing the bootstrap bridge could not load. Read from
 * the class files themselves, so an import that only shows in a descriptor, a generic signature
 * or an annotation counts too. And the core never resolves a name (BRIEF §4: "never resolved").
 *
 * <p>The bootstrap bridge ({@code io/proxywrap/bootstrap}) is held to the same: it is loaded by
 * the bootstrap class loader, which sees the JDK and nothing else. The command line
 * ({@code io/proxywrap/cli}) runs without the agent: the JDK and the core only.
 */
class JdkOnlyCodeTest {

    static final List<String> ALLOWED = List.of("java/", "io/proxywrap/core/");
    static final String BRIDGE_PACKAGE = "io/proxywrap/bootstrap/";
    static final List<String> ALLOWED_IN_BRIDGE = List.of("java/", BRIDGE_PACKAGE);
    /** {@code java -jar} runs the CLI in a JVM without the agent: the JDK (with TLS) and the core only. */
    static final List<String> ALLOWED_IN_CLI = List.of("java/", "javax/net/", "io/proxywrap/core/", "io/proxywrap/cli/");

    /** JDK methods that can send a DNS query. */
    static final Set<String> RESOLVING = Set.of(
            "java/net/InetAddress.getByName:(Ljava/lang/String;)Ljava/net/InetAddress;",
            "java/net/InetAddress.getAllByName:(Ljava/lang/String;)[Ljava/net/InetAddress;",
            "java/net/InetAddress.getLocalHost:()Ljava/net/InetAddress;",
            "java/net/InetAddress.getHostName:()Ljava/lang/String;",
            "java/net/InetAddress.getCanonicalHostName:()Ljava/lang/String;",
            "java/net/InetSocketAddress.<init>:(Ljava/lang/String;I)V",
            "java/net/InetSocketAddress.getHostName:()Ljava/lang/String;");

    /** The main classes directory: where ProxyHeaderDecoder was loaded from (agent/target/classes). */
    static Path classesDir() throws Exception {
        Path dir = Paths.get(ProxyHeaderDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(dir.resolve("io/proxywrap/core")), "no core classes under " + dir);
        return dir;
    }

    static Map<String, ClassFileReferences> coreClasses() throws Exception {
        return classesUnder("io/proxywrap/core");
    }

    static Map<String, ClassFileReferences> classesUnder(String packagePath) throws Exception {
        Path root = classesDir();
        Map<String, ClassFileReferences> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(packagePath))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                ClassFileReferences r = ClassFileReferences.read(Files.readAllBytes(f));
                String expected = root.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
                assertEquals(expected, r.thisClass, "class name in " + f);
                classes.put(r.thisClass, r);
            }
        }
        return classes;
    }

    /** "a -> b" for every reference from a class to one outside the allowed prefixes. */
    static List<String> offenders(Map<String, ClassFileReferences> classes) {
        return offenders(classes, ALLOWED);
    }

    static List<String> offenders(Map<String, ClassFileReferences> classes, List<String> allowed) {
        List<String> out = new ArrayList<>();
        classes.forEach((name, refs) -> {
            for (String c : refs.classes) {
                if (allowed.stream().noneMatch(c::startsWith)) {
                    out.add(name + " -> " + c);
                }
            }
        });
        return out;
    }

    static List<String> resolvingCalls(Map<String, ClassFileReferences> classes) {
        List<String> out = new ArrayList<>();
        classes.forEach((name, refs) -> refs.methods.stream().filter(RESOLVING::contains)
                .forEach(m -> out.add(name + " calls " + m)));
        return out;
    }

    @Test
    void coreRefersOnlyToTheJdkAndItself() throws Exception {
        Map<String, ClassFileReferences> classes = coreClasses();
        assertTrue(classes.containsKey("io/proxywrap/core/codec/ProxyHeaderDecoder"), classes.keySet().toString());
        assertTrue(classes.containsKey("io/proxywrap/core/net/InetLiterals"), classes.keySet().toString());
        List<String> bad = offenders(classes);
        if (!bad.isEmpty()) {
            fail("the core must be JDK-only, but:\n  " + String.join("\n  ", bad));
        }
    }

    /**
     * Every class of the bridge module, which the agent injects whole (its jar is the agent jar's
     * bridge.jar): the module's classes directory in a reactor build, its jar when run alone.
     */
    private static Map<String, ClassFileReferences> bridgeClasses() throws Exception {
        Path location = Paths.get(ProxywrapBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, ClassFileReferences> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(BRIDGE_PACKAGE))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                    ClassFileReferences r = ClassFileReferences.read(Files.readAllBytes(file));
                    classes.put(r.thisClass, r);
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().startsWith(BRIDGE_PACKAGE) && entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            ClassFileReferences r = ClassFileReferences.read(in.readAllBytes());
                            classes.put(r.thisClass, r);
                        }
                    }
                }
            }
        }
        return classes;
    }

    @Test
    void bridgeRefersOnlyToTheJdkAndItself() throws Exception {
        Map<String, ClassFileReferences> classes = bridgeClasses();
        assertTrue(classes.containsKey("io/proxywrap/bootstrap/ProxywrapBridge"), classes.keySet().toString());
        List<String> bad = offenders(classes, ALLOWED_IN_BRIDGE);
        if (!bad.isEmpty()) {
            fail("the bootstrap bridge must be JDK-only, but:\n  " + String.join("\n  ", bad));
        }
        classes.forEach((name, refs) -> assertEquals(52, refs.majorVersion, name + " is not Java 8 bytecode"));
        List<String> resolving = resolvingCalls(classes);
        assertTrue(resolving.isEmpty(), resolving.toString());
    }

    /** Nothing of the agent, ASM or instrumentation: the command line has no agent to run. */
    @Test
    void cliRefersOnlyToTheJdkTheCoreAndItself() throws Exception {
        Map<String, ClassFileReferences> classes = classesUnder("io/proxywrap/cli");
        assertTrue(classes.containsKey("io/proxywrap/cli/Main"), classes.keySet().toString());
        List<String> bad = offenders(classes, ALLOWED_IN_CLI);
        classes.forEach((name, refs) -> refs.classes.stream().filter(c -> c.startsWith("java/lang/instrument/"))
                .forEach(c -> bad.add(name + " -> " + c)));
        if (!bad.isEmpty()) {
            fail("the command line must use only the JDK and the core, but:\n  " + String.join("\n  ", bad));
        }
        classes.forEach((name, refs) -> assertEquals(52, refs.majorVersion, name + " is not Java 8 bytecode"));
    }

    @Test
    void coreIsJava8Bytecode() throws Exception {
        coreClasses().forEach((name, refs) -> assertEquals(52, refs.majorVersion, name + " is not Java 8 bytecode"));
    }

    @Test
    void coreNeverResolvesNames() throws Exception {
        Map<String, ClassFileReferences> classes = coreClasses();
        // The header does build addresses: from bytes.
        assertTrue(classes.get("io/proxywrap/core/codec/ProxyHeader").methods
                .contains("java/net/InetAddress.getByAddress:([B)Ljava/net/InetAddress;"));
        List<String> bad = resolvingCalls(classes);
        if (!bad.isEmpty()) {
            fail("the core must never resolve names, but:\n  " + String.join("\n  ", bad));
        }
    }

    // ---------------------------------------------------------------- the checker itself can fail

    static ClassFileReferences resource(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(internalName + ".class")) {
            assertTrue(in != null, "no class file for " + internalName);
            return ClassFileReferences.read(in.readAllBytes());
        }
    }

    @Test
    void checkerFlagsAJUnitClass() throws Exception {
        ClassFileReferences assertions = resource("org/junit/jupiter/api/Assertions");
        List<String> bad = offenders(Map.of(assertions.thisClass, assertions));
        assertTrue(bad.contains("org/junit/jupiter/api/Assertions -> org/junit/jupiter/api/Assertions"), bad.toString());
        assertTrue(bad.contains("org/junit/jupiter/api/Assertions -> org/junit/jupiter/api/function/Executable"),
                bad.toString());
    }

    /** Fixtures that refer to JUnit only where no CONSTANT_Class entry would show it. */
    static class DescriptorOnly {
        org.junit.jupiter.api.TestInfo info;
    }

    static class SignatureOnly {
        List<org.junit.jupiter.api.TestReporter> reporters;
    }

    static class AnnotationOnly {
        @org.junit.jupiter.api.Tag("x")
        void m() {
        }
    }

    static class MethodDescriptorOnly {
        abstract static class Inner {
            abstract org.junit.jupiter.api.DisplayNameGenerator generator(int[] a, long b, double c);
        }
    }

    static class GenericBound<T extends Comparable<T> & org.junit.jupiter.api.extension.Extension> {
    }

    static class Clean<T extends Number> {
        long big = Long.MAX_VALUE - 1;
        double d = 1.5e300;
        List<? super Integer> list;
        Map<String, List<T>>[] maps;
    }

    @Test
    void checkerSeesDescriptorsSignaturesAndAnnotations() throws Exception {
        assertFlags(DescriptorOnly.class, "org/junit/jupiter/api/TestInfo");
        assertFlags(SignatureOnly.class, "org/junit/jupiter/api/TestReporter");
        assertFlags(AnnotationOnly.class, "org/junit/jupiter/api/Tag");
        assertFlags(MethodDescriptorOnly.Inner.class, "org/junit/jupiter/api/DisplayNameGenerator");
        assertFlags(GenericBound.class, "org/junit/jupiter/api/extension/Extension");
        ClassFileReferences clean = resource(Clean.class.getName().replace('.', '/'));
        assertEquals(List.of(), offenders(Map.of(clean.thisClass, clean)));
        assertTrue(clean.classes.containsAll(List.of("java/util/List", "java/util/Map", "java/lang/Number",
                "java/lang/Integer", "java/lang/String")), clean.classes.toString());
    }

    private static void assertFlags(Class<?> fixture, String expected) throws Exception {
        ClassFileReferences r = resource(fixture.getName().replace('.', '/'));
        assertEquals(List.of(r.thisClass + " -> " + expected), offenders(Map.of(r.thisClass, r)));
    }

    @Test
    void parserReadsJdkClassesWithLongAndDoubleConstants() throws Exception {
        // Long and Double hold 8-byte constants, which take two constant-pool slots.
        ClassFileReferences l = resource("java/lang/Long");
        assertTrue(l.classes.contains("java/lang/NumberFormatException"), l.classes.toString());
        ClassFileReferences d = resource("java/lang/Double");
        assertTrue(d.classes.contains("java/lang/Number"), d.classes.toString());
        ClassFileReferences m = resource("java/lang/Math");
        assertTrue(m.classes.contains("java/lang/ArithmeticException"), m.classes.toString());
    }

    @Test
    void parserRejectsWhatItDoesNotUnderstand() throws IOException {
        assertThrows(IOException.class, () -> ClassFileReferences.read(new byte[] {1, 2, 3, 4, 0, 0, 0, 52}));
        byte[] unknownTag = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52, 0, 2, 99};
        assertThrows(IOException.class, () -> ClassFileReferences.read(unknownTag));
        ClassFileReferences any = resource("java/lang/Object");
        assertThrows(IOException.class, () -> any.signature("Ljava/lang/String"));
        assertThrows(IOException.class, () -> any.signature("(I"));
        assertThrows(IOException.class, () -> any.signature("Q"));
    }
}
