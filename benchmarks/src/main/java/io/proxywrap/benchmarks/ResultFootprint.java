package io.proxywrap.benchmarks;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import sun.misc.Unsafe;

/**
 * What "the decoded result" of our decoder is, in objects and bytes, so a benchmark's measured
 * bytes/op can be judged against it: everything reachable from the returned {@link ProxyHeader}
 * that a decode allocates (decoding the same bytes twice and keeping only the objects the two
 * results do not share leaves out enum constants, empty lists and other shared constants).
 * Shallow sizes come from this JVM's own field layout (offsets of the last field, arrays' base
 * offset and scale), rounded up to 8 bytes: object alignment as HotSpot uses by default.
 *
 * <p>Prints one line per input: {@code input TAB objects TAB bytes TAB breakdown TAB
 * stringArrayBytes}, the last being the bytes of the arrays behind the result's strings: what a
 * decoder reading a direct buffer must also allocate as temporaries, since a {@code String} can
 * only be made by copying an array.
 */
public final class ResultFootprint {

    private static final Unsafe UNSAFE = unsafe();
    private static final int ALIGNMENT = 8;

    private ResultFootprint() {
    }

    public static void main(String[] args) throws Exception {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        for (String input : CodecInputs.ALL) {
            ByteBuffer buf = ByteBuffer.wrap(CodecInputs.bytes(input));
            ProxyHeader first = decoder.decode(buf, 0, decoder.frame(buf, 0, buf.limit()));
            ProxyHeader second = decoder.decode(buf, 0, decoder.frame(buf, 0, buf.limit()));
            Set<Object> shared = reachable(second).keySet();
            Map<String, long[]> byClass = new TreeMap<String, long[]>();
            long objects = 0;
            long bytes = 0;
            long stringArrayBytes = 0;
            Map<Object, Long> all = reachable(first);
            for (Map.Entry<Object, Long> e : all.entrySet()) {
                if (shared.contains(e.getKey())) {
                    continue;
                }
                if (e.getKey() instanceof String) {
                    Object value = valueArray((String) e.getKey());
                    if (value != null && all.containsKey(value) && !shared.contains(value)) {
                        stringArrayBytes += all.get(value);
                    }
                }
                objects++;
                bytes += e.getValue();
                long[] c = byClass.computeIfAbsent(name(e.getKey().getClass()), k -> new long[2]);
                c[0]++;
                c[1] += e.getValue();
            }
            StringBuilder breakdown = new StringBuilder();
            for (Map.Entry<String, long[]> e : byClass.entrySet()) {
                if (breakdown.length() > 0) {
                    breakdown.append(", ");
                }
                breakdown.append(e.getValue()[0]).append(" ").append(e.getKey())
                        .append(" (").append(e.getValue()[1]).append(" B)");
            }
            System.out.println(input + "\t" + objects + "\t" + bytes + "\t" + breakdown + "\t" + stringArrayBytes);
        }
    }

    /** Every object reachable from {@code root}, with its shallow size. */
    static Map<Object, Long> reachable(Object root) {
        Map<Object, Long> seen = new IdentityHashMap<Object, Long>();
        ArrayDeque<Object> todo = new ArrayDeque<Object>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (seen.containsKey(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                int length = Array.getLength(o);
                seen.put(o, align(UNSAFE.arrayBaseOffset(c) + (long) length * UNSAFE.arrayIndexScale(c)));
                if (!c.getComponentType().isPrimitive()) {
                    for (Object element : (Object[]) o) {
                        if (element != null) {
                            todo.add(element);
                        }
                    }
                }
                continue;
            }
            long end = 12; // an object header with compressed class pointers, if it has no fields
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    long offset = UNSAFE.objectFieldOffset(f);
                    Class<?> t = f.getType();
                    end = Math.max(end, offset + size(t));
                    if (!t.isPrimitive()) {
                        Object value = UNSAFE.getObject(o, offset);
                        if (value != null) {
                            todo.add(value);
                        }
                    }
                }
            }
            seen.put(o, align(end));
        }
        return seen;
    }

    /** The array a String keeps its characters in (its first array-typed field). */
    private static Object valueArray(String s) {
        for (Field f : String.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && f.getType().isArray()) {
                return UNSAFE.getObject(s, UNSAFE.objectFieldOffset(f));
            }
        }
        return null;
    }

    private static int size(Class<?> t) {
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        if (t == byte.class || t == boolean.class) {
            return 1;
        }
        return UNSAFE.arrayIndexScale(Object[].class); // a reference: 4 with compressed oops
    }

    private static long align(long size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static String name(Class<?> c) {
        if (c.isArray()) {
            return name(c.getComponentType()) + "[]";
        }
        String n = c.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

}
