package io.proxywrap.agent;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.proxywrap.bootstrap.ProxywrapBridge;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The key move (BRIEF §5) as a call-site rewrite: inside a server's connection class, every
 * {@code socketChannel.read(buffer)} and scattering {@code socketChannel.read(buffers, offset,
 * length)} becomes a call to {@link ProxywrapBridge#read}, which performs that same read and then
 * lets the connection's state take the PROXY header out of the server's own buffer.
 *
 * <p>Rewriting the call, not advising the enclosing method, matters where one method both reads
 * and parses: Tomcat's {@code SecureNioChannel.processSNI()} reads and then inspects the TLS
 * ClientHello in the same method, so the header must be gone before the method sees the bytes.
 */
public final class RawReadSubstitution {

    private RawReadSubstitution() {
    }

    /** Where the rewritten call finds the server's per-connection object that holds our state. */
    public static final class Owner {

        /** The field holding it, or null for the instrumented object itself. */
        private final String field;

        private Owner(String field) {
            this.field = field;
        }

        /** A field of the instrumented class, e.g. Tomcat's {@code NioChannel.socketWrapper}. */
        public static Owner field(String name) {
            return new Owner(name);
        }

        /** The instrumented object itself, e.g. Jetty's end point, whose {@code fill} reads. */
        public static Owner instrumentedObject() {
            return new Owner(null);
        }

        /**
         * Described when a class is rewritten, not when the adapter is made: adapters are made in
         * {@code premain}, which must not load Byte Buddy (see {@link Instrumentations}), and
         * describing an annotation loads some 180 of its classes.
         */
        private AnnotationDescription binding() {
            return field != null
                    ? AnnotationDescription.Builder.ofType(MemberSubstitution.FieldValue.class).define("value", field).build()
                    : AnnotationDescription.Builder.ofType(MemberSubstitution.This.class)
                            .define("source", MemberSubstitution.Source.ENCLOSING_METHOD).build();
        }
    }

    /**
     * Relaxed: members the rewritten methods use but that do not resolve on this JDK (Tomcat 9 is
     * compiled for Java 8 and calls {@code ByteBuffer.clear()Ljava/nio/Buffer;}, a bridge on 9+)
     * are left alone rather than failing the whole class. The reads themselves always resolve.
     *
     * @param owner the server's per-connection object that carries a
     *     {@link io.proxywrap.bootstrap.ConnectionSlot}
     * @param inMethods the methods whose raw reads are rewritten
     * @return a wrapper for one class: make one per class rewritten, in the transformer, since it
     *     keeps what it learns about that class's calls
     */
    public static AsmVisitorWrapper inMethods(Owner owner, ElementMatcher<? super MethodDescription> inMethods) {
        MethodGraph.Compiler graphs = new GraphPerType();
        return new AsmVisitorWrapper.Compound(
                MemberSubstitution.relaxed().with(graphs)
                        .method(channelRead(ByteBuffer.class))
                        .replaceWithChain(MemberSubstitution.Substitution.Chain.Step.ForDelegation.to(
                                bridgeRead(owner, int.class, ByteBuffer.class)))
                        .on(inMethods),
                MemberSubstitution.relaxed().with(graphs)
                        .method(channelRead(ByteBuffer[].class, int.class, int.class))
                        .replaceWithChain(MemberSubstitution.Substitution.Chain.Step.ForDelegation.to(
                                bridgeRead(owner, long.class, ByteBuffer[].class, int.class, int.class)))
                        .on(inMethods));
    }

    /**
     * MemberSubstitution finds what every virtual call in a rewritten method calls by compiling
     * the method graph of the call's owner type, anew at each call site
     * ({@code MemberSubstitution.SubstitutingMethodVisitor.visitMethodInsn}, Byte Buddy 1.18).
     * Tomcat's {@code SecureNioChannel}, rewritten in every method, makes hundreds of calls on a
     * dozen types, and compiling their graphs over and over took about three quarters of its
     * transformation at start-up. Within one class, a type seen from that class always has the
     * same graph, so this compiles each once and answers exactly what the default compiler
     * answers. One instance serves one {@link #inMethods} wrapper, i.e. one class, on one thread.
     */
    private static final class GraphPerType extends MethodGraph.Compiler.AbstractBase {

        private final Map<List<TypeDefinition>, MethodGraph.Linked> graphs =
                new HashMap<List<TypeDefinition>, MethodGraph.Linked>();

        @Override
        public MethodGraph.Linked compile(TypeDefinition type, TypeDescription viewPoint) {
            List<TypeDefinition> key = Arrays.<TypeDefinition>asList(type, viewPoint);
            MethodGraph.Linked graph = graphs.get(key);
            if (graph == null) {
                graph = MethodGraph.Compiler.DEFAULT.compile(type, viewPoint);
                graphs.put(key, graph);
            }
            return graph;
        }
    }

    private static ElementMatcher<MethodDescription> channelRead(Class<?>... parameters) {
        return named("read").and(isDeclaredBy(SocketChannel.class)).and(takesArguments(parameters));
    }

    /**
     * {@code ProxywrapBridge.read(SocketChannel, <the read's arguments>, Object owner)}, described
     * with the binding annotations Byte Buddy needs. They are given here rather than written on
     * the bridge, which lives in the bootstrap loader and must name JDK types only.
     */
    private static MethodDescription.InDefinedShape bridgeRead(Owner owner, Class<?> returnType,
            Class<?>... readArguments) {
        ParameterDescription.Token[] parameters = new ParameterDescription.Token[readArguments.length + 2];
        parameters[0] = parameter(SocketChannel.class, AnnotationDescription.Builder.ofType(MemberSubstitution.This.class).build());
        for (int i = 0; i < readArguments.length; i++) {
            parameters[i + 1] = parameter(readArguments[i],
                    AnnotationDescription.Builder.ofType(MemberSubstitution.Argument.class).define("value", i).build());
        }
        parameters[parameters.length - 1] = parameter(Object.class, owner.binding());
        return new MethodDescription.Latent(
                TypeDescription.ForLoadedType.of(ProxywrapBridge.class),
                "read",
                Visibility.PUBLIC.getMask() | Ownership.STATIC.getMask(),
                Collections.emptyList(),
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(returnType),
                Arrays.asList(parameters),
                Collections.singletonList(TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(IOException.class)),
                Collections.<AnnotationDescription>emptyList(),
                AnnotationValue.UNDEFINED,
                TypeDescription.Generic.UNDEFINED);
    }

    private static ParameterDescription.Token parameter(Class<?> type, AnnotationDescription binding) {
        return new ParameterDescription.Token(TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(type),
                Collections.singletonList(binding));
    }
}
