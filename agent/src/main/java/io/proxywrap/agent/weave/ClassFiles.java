package io.proxywrap.agent.weave;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files read as resources, without loading the class: what the adapters' version gates
 * inspect, and the templates' own code.
 */
public final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * @param binaryName e.g. {@code org.apache.tomcat.util.net.NioChannel}
     * @return its class file as {@code loader} finds it, or null if it has none
     */
    public static byte[] read(ClassLoader loader, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                bytes.write(chunk, 0, n);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code loader} has a class file for {@code binaryName}. */
    public static boolean exists(ClassLoader loader, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        return (loader != null ? loader.getResource(resource) : ClassLoader.getSystemResource(resource)) != null;
    }

    /** Whether the class declares a method of that name and JVM descriptor, e.g. {@code (I)V}. */
    public static boolean declaresMethod(byte[] classfile, String name, String descriptor) {
        boolean[] found = new boolean[1];
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String methodName, String methodDescriptor,
                    String signature, String[] exceptions) {
                found[0] |= methodName.equals(name) && methodDescriptor.equals(descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }
}
