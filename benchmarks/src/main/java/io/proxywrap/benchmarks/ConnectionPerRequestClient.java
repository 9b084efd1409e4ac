package io.proxywrap.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new connection per request, straight to a server on loopback, with the PROXY header sent the
 * way the benchmark asks: none, in the request's own write (one TCP segment), or in a write of
 * its own before the request (two segments, which is how haproxy sends it: the header as soon as
 * it has connected, the client's bytes when they come). The suite runs it to tell what the
 * agent's code costs a connection from what the header's separate segment costs the server's
 * kernel. Each answer must name the client the server was meant to see, or the run fails.
 *
 * <p>usage: {@code ConnectionPerRequestClient PORT SECONDS CONNECTIONS none|with-request|own-segment
 * CLIENT}, CLIENT being the address the header names; prints the number of answered requests.
 */
public final class ConnectionPerRequestClient {

    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    private ConnectionPerRequestClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        int connections = Integer.parseInt(args[2]);
        String headerMode = args[3];
        String client = args[4];
        byte[] header = ("PROXY TCP4 " + client + " 127.0.0.1 50000 " + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = "GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        // What each connection writes, one write (so one segment) per array.
        byte[][] writes;
        switch (headerMode) {
            case "none":
                writes = new byte[][] {request};
                break;
            case "with-request":
                byte[] headerAndRequest = new byte[header.length + request.length];
                System.arraycopy(header, 0, headerAndRequest, 0, header.length);
                System.arraycopy(request, 0, headerAndRequest, header.length, request.length);
                writes = new byte[][] {headerAndRequest};
                break;
            case "own-segment":
                writes = new byte[][] {header, request};
                break;
            default:
                throw new IllegalArgumentException("header mode " + headerMode + ": none, with-request or own-segment");
        }
        String expected = "remote=" + ("none".equals(headerMode) ? "127.0.0.1" : client) + ":";
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        StringBuffer firstFailure = new StringBuffer();
        Thread[] threads = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            threads[i] = new Thread(() -> {
                byte[] response = new byte[4096];
                while (System.nanoTime() < deadline) {
                    try (Socket socket = new Socket()) {
                        // Every write its own segment, as a balancer's separate sends are.
                        socket.setTcpNoDelay(true);
                        // A server that stops answering fails the run instead of holding it.
                        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                        socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MILLIS);
                        OutputStream out = socket.getOutputStream();
                        for (byte[] write : writes) {
                            out.write(write);
                        }
                        String answer = readAll(socket.getInputStream(), response);
                        if (answer.startsWith("HTTP/1.1 200") && answer.contains(expected)) {
                            answered.incrementAndGet();
                        } else if (failed.incrementAndGet() == 1) {
                            firstFailure.append(answer);
                        }
                    } catch (IOException e) {
                        if (failed.incrementAndGet() == 1) {
                            firstFailure.append(e);
                        }
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failed.get() > 0) {
            System.err.println(failed.get() + " requests failed or named the wrong client (expected " + expected
                    + "); the first: " + firstFailure);
            System.exit(1);
        }
        System.out.println(answered.get());
    }

    private static String readAll(InputStream in, byte[] buffer) throws IOException {
        int length = 0;
        for (int n; length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
            length += n;
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }
}
