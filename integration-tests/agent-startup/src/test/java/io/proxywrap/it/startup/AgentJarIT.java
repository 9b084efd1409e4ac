package io.proxywrap.it.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shaded jar holds only our packages, with ASM relocated, and says how to load it. */
class AgentJarIT {

    private static final String OUR_PACKAGES = "io/proxywrap/";
    private static final String SHADED = OUR_PACKAGES + "shaded/";
    private static final String SHADED_ASM = SHADED + "asm/";
    private static final String CORE = OUR_PACKAGES + "core/";
    private static final String BRIDGE = OUR_PACKAGES + "bootstrap/";
    /** The bridge module's jar, which premain appends to the bootstrap search (BootstrapBridge). */
    private static final String BRIDGE_JAR = OUR_PACKAGES + "agent/bridge.jar";
    /** A bridge class as the constant pool of a class that uses it names it. */
    private static final Pattern BRIDGE_CLASS_NAME = Pattern.compile(Pattern.quote(BRIDGE) + "[A-Za-z0-9_$]+");
    private static final String AGENT_CLASS = "io.proxywrap.agent.ProxywrapAgent";
    /** Class file major version of Java 8, which the agent's code must load into. */
    private static final int JAVA_8_MAJOR_VERSION = 52;

    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(JavaProcess.AGENT_JAR.toFile());
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void everyEntryIsOurs() {
        List<String> offenders = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            // "io/" is only the directory that holds io/proxywrap/.
            boolean ours = name.startsWith("META-INF/") || name.startsWith(OUR_PACKAGES) || OUR_PACKAGES.startsWith(name);
            if (!ours) {
                offenders.add(name);
            }
        }
        assertEquals(List.of(), offenders, "entries outside META-INF/ and " + OUR_PACKAGES
                + " would collide with the application's own copies");
    }

    @Test
    void asmIsShadedAndRelocatedAndByteBuddyIsGone() {
        assertNotNull(jar.getEntry(SHADED_ASM + "ClassReader.class"));
        assertNotNull(jar.getEntry(SHADED_ASM + "ClassWriter.class"));
        assertEquals(null, jar.getEntry("org/objectweb/asm/ClassReader.class"));
        List<String> byteBuddy = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            if (entry.getName().contains("bytebuddy/")) {
                byteBuddy.add(entry.getName());
            }
        }
        assertEquals(List.of(), byteBuddy, "the weaver replaced it");
    }

    @Test
    void manifestMakesItAnAgent() throws IOException {
        Attributes manifest = jar.getManifest().getMainAttributes();
        assertEquals(AGENT_CLASS, manifest.getValue("Premain-Class"));
        assertEquals(AGENT_CLASS, manifest.getValue("Agent-Class"));
        assertEquals("true", manifest.getValue("Can-Retransform-Classes"));
        String version = manifest.getValue("Implementation-Version");
        assertNotNull(version);
        assertFalse(version.isBlank());
        assertNotNull(jar.getEntry(AGENT_CLASS.replace('.', '/') + ".class"));
    }

    @Test
    void ourClassesAreJava8ClassFiles() throws IOException {
        List<String> tooNew = new ArrayList<>();
        for (JarEntry entry : ourClasses()) {
            try (InputStream in = jar.getInputStream(entry)) {
                byte[] header = in.readNBytes(8);
                int major = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
                if (major != JAVA_8_MAJOR_VERSION) {
                    tooNew.add(entry.getName() + " (major " + major + ")");
                }
            }
        }
        assertEquals(List.of(), tooNew);
    }

    /**
     * Server code woven with our templates calls the bridge from loaders that see only the JDK
     * and the bootstrap search, so a bridge class missing from bridge.jar would fail a server's
     * first connection with NoClassDefFoundError; a second copy in the agent jar could load in
     * the system loader instead, and the agent and the servers would then not share one.
     */
    @Test
    void everyBridgeClassTheAgentNamesIsInTheBridgeJarOnly() throws IOException {
        Set<String> named = new TreeSet<>();
        for (JarEntry entry : ourClasses()) {
            assertFalse(entry.getName().startsWith(BRIDGE), entry.getName() + " is outside " + BRIDGE_JAR);
            try (InputStream in = jar.getInputStream(entry)) {
                Matcher m = BRIDGE_CLASS_NAME.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    named.add(m.group());
                }
            }
        }
        assertTrue(named.contains(BRIDGE + "ProxywrapBridge"), named.toString());
        JarEntry bridgeJar = jar.getJarEntry(BRIDGE_JAR);
        assertNotNull(bridgeJar, BRIDGE_JAR);
        Set<String> inBridgeJar = new TreeSet<>();
        try (JarInputStream bridge = new JarInputStream(jar.getInputStream(bridgeJar))) {
            for (JarEntry entry; (entry = bridge.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    assertTrue(name.startsWith(BRIDGE), name + " in " + BRIDGE_JAR);
                    inBridgeJar.add(name.substring(0, name.length() - ".class".length()));
                }
            }
        }
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(inBridgeJar);
        assertEquals(Set.of(), missing, "named by the agent's classes but not in " + BRIDGE_JAR);
    }

    /** BRIEF §5: the core is JDK-only, so it can be tested, and loaded, without any server or library. */
    @Test
    void coreDoesNotReferenceTheShadedLibraries() throws IOException {
        List<String> referencing = new ArrayList<>();
        int coreClasses = 0;
        for (JarEntry entry : ourClasses()) {
            if (entry.getName().startsWith(CORE)) {
                coreClasses++;
                try (InputStream in = jar.getInputStream(entry)) {
                    // Class names in the constant pool are plain modified-UTF-8 strings.
                    String classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (classFile.contains(SHADED) || classFile.contains("org/objectweb/asm/")) {
                        referencing.add(entry.getName());
                    }
                }
            }
        }
        assertTrue(coreClasses > 0, "no core classes found under " + CORE);
        assertEquals(List.of(), referencing);
    }

    /** The classes we compile ourselves: everything under io/proxywrap/ but the shaded libraries. */
    private static List<JarEntry> ourClasses() {
        List<JarEntry> classes = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(OUR_PACKAGES) && !name.startsWith(SHADED) && name.endsWith(".class")) {
                classes.add(entry);
            }
        }
        assertFalse(classes.isEmpty(), "no classes of ours in the jar");
        return classes;
    }
}
