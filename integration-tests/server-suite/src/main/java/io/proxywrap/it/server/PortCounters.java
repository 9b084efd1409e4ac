package io.proxywrap.it.server;

import com.sun.tools.attach.VirtualMachine;
import io.proxywrap.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A port's {@code io.proxywrap:type=Port,port=N} counters, read over JMX from the server's JVM
 * as jconsole would: through the attach API's local management agent.
 */
public final class PortCounters implements AutoCloseable {

    public static final String[] NAMES = {
        "Accepted", "Pending", "V1Headers", "V2Headers", "LocalOrUnknown", "WithoutHeader", "EndedBeforeHeader",
        "RejectedMalformed", "RejectedMissing", "RejectedTooLong", "RejectedCrcMismatch",
        "RejectedVersionNotAllowed", "RejectedUntrusted", "RejectedTimeout",
    };

    /** Far more than registering takes, even when it starts the platform MBean server. */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(10);

    private final VirtualMachine vm;
    private final JMXConnector jmx;
    private final MBeanServerConnection server;
    private final ObjectName port;

    private PortCounters(VirtualMachine vm, JMXConnector jmx, int port) throws Exception {
        this.vm = vm;
        this.jmx = jmx;
        this.server = jmx.getMBeanServerConnection();
        this.port = new ObjectName("io.proxywrap:type=Port,port=" + port);
    }

    /**
     * Connects, then waits until the port's MXBean is there: the agent registers it on a thread
     * of its own once the port listens, so it can come a moment after the server answers.
     */
    public static PortCounters of(ServerUnderTest server, int port) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(server.pid()));
        PortCounters counters;
        try {
            counters = new PortCounters(vm, JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())),
                    port);
        } catch (Exception | Error e) {
            vm.detach();
            throw e;
        }
        try {
            counters.awaitRegistered();
            return counters;
        } catch (Exception | Error e) {
            counters.close();
            throw e;
        }
    }

    private void awaitRegistered() {
        Poll.until(REGISTRATION_TIMEOUT, () -> {
            try {
                return server.isRegistered(port) ? Boolean.TRUE : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> port + " is not registered");
    }

    /** Every counter, by attribute name, in {@link #NAMES}' order. */
    public Map<String, Long> read() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            values.put(name, get(name));
        }
        return values;
    }

    public long get(String name) {
        try {
            return ((Number) server.getAttribute(port, name)).longValue();
        } catch (Exception e) {
            throw new AssertionError("reading " + name + " of " + port + " over JMX", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            jmx.close();
        } finally {
            vm.detach();
        }
    }
}
