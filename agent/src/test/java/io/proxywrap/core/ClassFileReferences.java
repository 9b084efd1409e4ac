package io.proxywrap.core;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a class file refers to, read with the JDK alone (JVMS §4): the names of its
 * CONSTANT_Class entries and every class named in a descriptor or generic signature, wherever
 * the class file keeps one (member references, fields, methods, record components, local
 * variable tables, annotations, MethodType constants). Also the methods it calls.
 *
 * <p>Strict: an unknown constant-pool tag, a malformed descriptor or a length that does not add
 * up is an {@link IOException}, so a class file this reader does not understand fails the check
 * instead of passing it.
 */
final class ClassFileReferences {

    /** Internal names, e.g. {@code java/lang/String}; array types give their element class. */
    final Set<String> classes = new TreeSet<>();
    /** Method and interface-method references as {@code owner.name:descriptor}. */
    final Set<String> methods = new TreeSet<>();
    String thisClass;
    int majorVersion;

    private Object[] cp; // String for Utf8, int[] {tag, a, b} for the rest
    private DataInputStream in;

    private ClassFileReferences() {
    }

    static ClassFileReferences read(byte[] bytes) throws IOException {
        ClassFileReferences r = new ClassFileReferences();
        r.parse(bytes);
        return r;
    }

    private void parse(byte[] bytes) throws IOException {
        in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file: bad magic");
        }
        in.readUnsignedShort(); // minor
        majorVersion = in.readUnsignedShort();
        readConstantPool();
        in.readUnsignedShort(); // access flags
        thisClass = className(in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        if (superIndex != 0) {
            className(superIndex);
        }
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            className(in.readUnsignedShort());
        }
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                in.readUnsignedShort(); // access
                utf8(in.readUnsignedShort()); // name
                signature(utf8(in.readUnsignedShort()));
                attributes();
            }
        }
        attributes();
        if (in.read() != -1) {
            throw new IOException("bytes after the class file's last attribute");
        }
        // Every CONSTANT_Class, whether or not the code above reached it.
        for (int i = 1; i < cp.length; i++) {
            if (cp[i] instanceof int[] entry) {
                switch (entry[0]) {
                    case 7 -> className(i);
                    case 12 -> signature(utf8(entry[2]));
                    case 16 -> signature(utf8(entry[1]));
                    case 10, 11 -> {
                        int[] nat = entry(entry[2], 12);
                        methods.add(className(entry[1]) + "." + utf8(nat[1]) + ":" + utf8(nat[2]));
                    }
                    default -> { }
                }
            }
        }
    }

    private void readConstantPool() throws IOException {
        int count = in.readUnsignedShort();
        cp = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> cp[i] = in.readUTF(); // u2 length + modified UTF-8, as JVMS §4.4.7
                case 3, 4 -> cp[i] = new int[] {tag, in.readInt(), 0};
                case 5, 6 -> {
                    in.readLong();
                    cp[i] = new int[] {tag, 0, 0};
                    i++; // JVMS §4.4.5: an 8-byte constant takes two entries
                }
                case 7, 8, 16, 19, 20 -> cp[i] = new int[] {tag, in.readUnsignedShort(), 0};
                case 9, 10, 11, 12, 17, 18 -> cp[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> cp[i] = new int[] {tag, in.readUnsignedByte(), in.readUnsignedShort()};
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
    }

    private void attributes() throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            String name = utf8(in.readUnsignedShort());
            long length = in.readInt() & 0xFFFFFFFFL;
            int before = in.available();
            switch (name) {
                case "Signature" -> signature(utf8(in.readUnsignedShort()));
                case "Code" -> {
                    in.readUnsignedShort(); // max_stack
                    in.readUnsignedShort(); // max_locals
                    skip(in.readInt() & 0xFFFFFFFFL);
                    skip(8L * in.readUnsignedShort()); // exception table: catch types are CONSTANT_Class
                    attributes();
                }
                case "LocalVariableTable", "LocalVariableTypeTable" -> {
                    int n = in.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                        utf8(in.readUnsignedShort());
                        signature(utf8(in.readUnsignedShort()));
                        in.readUnsignedShort();
                    }
                }
                case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations" -> annotations();
                case "RuntimeVisibleParameterAnnotations", "RuntimeInvisibleParameterAnnotations" -> {
                    int parameters = in.readUnsignedByte();
                    for (int k = 0; k < parameters; k++) {
                        annotations();
                    }
                }
                case "RuntimeVisibleTypeAnnotations", "RuntimeInvisibleTypeAnnotations" -> {
                    int n = in.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        typeAnnotationTarget();
                        skip(2L * in.readUnsignedByte()); // type_path
                        annotation();
                    }
                }
                case "AnnotationDefault" -> elementValue();
                case "Record" -> {
                    int n = in.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        utf8(in.readUnsignedShort());
                        signature(utf8(in.readUnsignedShort()));
                        attributes();
                    }
                }
                default -> skip(length);
            }
            if (before - in.available() != length) {
                throw new IOException("attribute " + name + " declares " + length + " bytes but holds "
                        + (before - in.available()));
            }
        }
    }

    private void annotations() throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            annotation();
        }
    }

    private void annotation() throws IOException {
        signature(utf8(in.readUnsignedShort()));
        int pairs = in.readUnsignedShort();
        for (int i = 0; i < pairs; i++) {
            utf8(in.readUnsignedShort());
            elementValue();
        }
    }

    private void elementValue() throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's' -> in.readUnsignedShort();
            case 'e' -> {
                signature(utf8(in.readUnsignedShort()));
                utf8(in.readUnsignedShort());
            }
            case 'c' -> signature(utf8(in.readUnsignedShort()));
            case '@' -> annotation();
            case '[' -> {
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    elementValue();
                }
            }
            default -> throw new IOException("unknown annotation element tag " + (char) tag);
        }
    }

    /** JVMS §4.7.20.1 target_info, by target_type. */
    private void typeAnnotationTarget() throws IOException {
        int type = in.readUnsignedByte();
        switch (type) {
            case 0x00, 0x01, 0x16 -> skip(1);
            case 0x10, 0x17, 0x42, 0x43, 0x44, 0x45, 0x46 -> skip(2);
            case 0x11, 0x12 -> skip(2);
            case 0x13, 0x14, 0x15 -> { }
            case 0x40, 0x41 -> skip(6L * in.readUnsignedShort());
            case 0x47, 0x48, 0x49, 0x4A, 0x4B -> skip(3);
            default -> throw new IOException("unknown type annotation target 0x" + Integer.toHexString(type));
        }
    }

    private void skip(long n) throws IOException {
        if (in.skip(n) != n) {
            throw new IOException("class file ends early");
        }
    }

    private String utf8(int index) throws IOException {
        if (index <= 0 || index >= cp.length || !(cp[index] instanceof String s)) {
            throw new IOException("constant " + index + " is not a Utf8 entry");
        }
        return s;
    }

    private int[] entry(int index, int tag) throws IOException {
        if (index <= 0 || index >= cp.length || !(cp[index] instanceof int[] e) || e[0] != tag) {
            throw new IOException("constant " + index + " is not of tag " + tag);
        }
        return e;
    }

    /** The name of a CONSTANT_Class, recorded; an array class records its element class. */
    private String className(int index) throws IOException {
        String name = utf8(entry(index, 7)[1]);
        if (name.startsWith("[")) {
            signature(name);
        } else {
            classes.add(name);
        }
        return name;
    }

    // ---------------------------------------------------------------- descriptors and signatures

    /** Records the classes in a field or method descriptor or a generic signature (JVMS §4.3, §4.7.9.1). */
    void signature(String s) throws IOException {
        int[] pos = {0};
        try {
            if (peek(s, pos) == '<') {
                typeParameters(s, pos);
            }
            if (peek(s, pos) == '(') {
                pos[0]++;
                while (peek(s, pos) != ')') {
                    type(s, pos);
                }
                pos[0]++;
                type(s, pos); // the result, V included
                while (pos[0] < s.length() && peek(s, pos) == '^') {
                    pos[0]++;
                    type(s, pos);
                }
            } else {
                do {
                    type(s, pos); // a field type, or a class signature's superclass and interfaces
                } while (pos[0] < s.length());
            }
        } catch (StringIndexOutOfBoundsException e) {
            throw new IOException("truncated descriptor " + s);
        }
        if (pos[0] != s.length()) {
            throw new IOException("malformed descriptor " + s);
        }
    }

    /** {@code <T:Ljava/lang/Object;U::Ljava/lang/Runnable;>}: name, class bound (may be empty), interface bounds. */
    private void typeParameters(String s, int[] pos) throws IOException {
        pos[0]++; // '<'
        while (peek(s, pos) != '>') {
            int colon = s.indexOf(':', pos[0]);
            if (colon <= pos[0]) {
                throw new IOException("malformed type parameter in " + s);
            }
            pos[0] = colon + 1;
            if (peek(s, pos) != ':') {
                type(s, pos); // class bound
            }
            while (peek(s, pos) == ':') {
                pos[0]++;
                type(s, pos); // interface bound
            }
        }
        pos[0]++;
    }

    private void type(String s, int[] pos) throws IOException {
        char c = s.charAt(pos[0]++);
        switch (c) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'V' -> { }
            case '[' -> type(s, pos);
            case 'T' -> {
                int end = s.indexOf(';', pos[0]);
                if (end < 0) {
                    throw new IOException("malformed type variable in " + s);
                }
                pos[0] = end + 1;
            }
            case 'L' -> {
                int start = pos[0];
                while (s.charAt(pos[0]) != ';' && s.charAt(pos[0]) != '<') {
                    pos[0]++;
                }
                classes.add(s.substring(start, pos[0]));
                while (true) {
                    if (s.charAt(pos[0]) == '<') {
                        pos[0]++;
                        while (s.charAt(pos[0]) != '>') {
                            char w = s.charAt(pos[0]);
                            if (w == '*') {
                                pos[0]++;
                            } else {
                                if (w == '+' || w == '-') {
                                    pos[0]++;
                                }
                                type(s, pos);
                            }
                        }
                        pos[0]++;
                    }
                    if (s.charAt(pos[0]) == '.') { // inner class of a parameterized outer: a simple name
                        pos[0]++;
                        while (s.charAt(pos[0]) != ';' && s.charAt(pos[0]) != '<') {
                            pos[0]++;
                        }
                        continue;
                    }
                    if (s.charAt(pos[0]) != ';') {
                        throw new IOException("malformed class type in " + s);
                    }
                    pos[0]++;
                    return;
                }
            }
            default -> throw new IOException("unexpected '" + c + "' in descriptor " + s);
        }
    }

    private static char peek(String s, int[] pos) {
        return s.charAt(pos[0]);
    }
}
