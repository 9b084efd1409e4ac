package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import io.proxywrap.core.config.PortPolicy;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.connection.PortStatistics;
import io.proxywrap.core.log.AgentLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/** What the bridge calls: decides per connection and per listener, from the configuration. */
final class AgentHooks implements ProxywrapBridge.Hooks {

    private final ProxywrapConfig config;
    private final List<ServerAdapter> adapters;
    /** One per configured port, made up front: the map never changes after construction. */
    private final Map<Integer, PortStatistics> statistics = new HashMap<Integer, PortStatistics>();
    /** Ports whose MXBean is registered; as many as there are configured ports. */
    private final Set<Integer> registeredPorts = ConcurrentHashMap.newKeySet();
    /** Configured ports that turned out to belong to a listener we do not cover; as many as there are listeners. */
    private final Set<Integer> excludedPorts = ConcurrentHashMap.newKeySet();
    /** The port each listener last reported; weak, so a stopped server's listeners can go. */
    private final Map<Object, Integer> reportedPorts = new WeakHashMap<Object, Integer>();

    AgentHooks(ProxywrapConfig config, List<ServerAdapter> adapters) {
        this.config = config;
        this.adapters = adapters;
        for (int port : config.ports()) {
            statistics.put(port, new PortStatistics(port));
        }
    }

    /** The counters of a configured port, or null. */
    PortStatistics statistics(int port) {
        return statistics.get(port);
    }

    @Override
    public ProxiedConnection accepted(SocketChannel channel) {
        SocketAddress local;
        SocketAddress remote;
        try {
            local = channel.getLocalAddress();
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            // Closed between accept and here: every read fails anyway, there is nothing to guard.
            return null;
        }
        // A Unix domain socket (e.g. Tomcat's unixDomainSocketPath) has no port to configure.
        if (!(local instanceof InetSocketAddress) || !(remote instanceof InetSocketAddress)) {
            return null;
        }
        int port = ((InetSocketAddress) local).getPort();
        PortPolicy policy = config.policy(port);
        if (policy == null || excludedPorts.contains(port)) {
            return null;
        }
        try {
            return new HeaderReadingConnection(policy, statistics.get(port), (InetSocketAddress) remote, config.debug());
        } catch (RuntimeException e) {
            String why = "proxywrap could not set up the connection from "
                    + HeaderReadingConnection.describe((InetSocketAddress) remote) + " to port " + port + ": " + e;
            AgentLog.warn("closed connection: " + why);
            return new FailedConnection(why);
        }
    }

    @Override
    public void listenerBound(Object server, String listenerName, int port) {
        if (config.policy(port) == null || !firstReport(server, port)) {
            return;
        }
        ServerAdapter.Listener listener = describe(server, listenerName);
        if (listener.leftAloneBecause == null) {
            AgentLog.info(listener.description + " on port " + port + " reads PROXY headers");
            if (registeredPorts.add(port)) {
                ProxyPort.register(statistics.get(port));
            }
            return;
        }
        if (listener.readsThroughHooks) {
            excludedPorts.add(port);
        }
        AgentLog.warn(listener.description + " on port " + port + " " + listener.leftAloneBecause);
    }

    /**
     * Whether this is news: Jetty's {@code ServerConnector.open()} runs again, as a no-op, when an
     * application opened the connector before starting it, and must not be logged twice.
     */
    private boolean firstReport(Object listener, int port) {
        synchronized (reportedPorts) {
            Integer previous = reportedPorts.put(listener, port);
            return previous == null || previous != port;
        }
    }

    private ServerAdapter.Listener describe(Object server, String listenerName) {
        for (ServerAdapter adapter : adapters) {
            ServerAdapter.Listener listener = adapter.describe(server, listenerName);
            if (listener != null) {
                return listener;
            }
        }
        return ServerAdapter.Listener.covered(server.getClass().getName() + " \"" + listenerName + "\"");
    }
}
