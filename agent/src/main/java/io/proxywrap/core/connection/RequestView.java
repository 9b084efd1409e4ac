package io.proxywrap.core.connection;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.core.config.Scheme;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request on a proxied connection reports beyond its addresses, per the user's contract
 * (BRIEF §2): the scheme, and request attributes named {@code proxywrap.*}. The same for every
 * server; adapters only copy the results into their own request objects.
 */
public final class RequestView {

    public static final String PROXY_ADDRESS = "proxywrap.proxy.address";
    public static final String PROXY_PORT = "proxywrap.proxy.port";
    public static final String VERSION = "proxywrap.version";
    public static final String ALPN = "proxywrap.alpn";
    public static final String AUTHORITY = "proxywrap.authority";
    public static final String UNIQUE_ID = "proxywrap.unique_id";
    public static final String SSL_VERSION = "proxywrap.ssl.version";
    public static final String SSL_CIPHER = "proxywrap.ssl.cipher";
    public static final String SSL_CN = "proxywrap.ssl.cn";
    public static final String AWS_VPCE_ID = "proxywrap.aws.vpce_id";
    public static final String AZURE_LINK_ID = "proxywrap.azure.link_id";
    public static final String GCP_PSC_CONNECTION_ID = "proxywrap.gcp.psc_connection_id";

    private static final String[] NONE = new String[0];

    private RequestView() {
    }

    /**
     * The scheme requests on this connection report, or null to keep the connector's own.
     *
     * @param portScheme {@code proxywrap.port.<N>.scheme}, or null when not configured: it wins,
     *     because the operator knows the balancer's listener; otherwise a v2 SSL TLV whose
     *     {@code PP2_CLIENT_SSL} bit is set (spec §2.2.6: the client connected over TLS) means https
     */
    public static String scheme(ProxyHeader header, Scheme portScheme) {
        if (portScheme != null) {
            return portScheme == Scheme.HTTPS ? "https" : "http";
        }
        Tlv.Ssl ssl = header == null ? null : header.ssl();
        return ssl != null && ssl.clientUsedSsl() ? "https" : null;
    }

    /**
     * The attributes as name, value, name, value...; empty when the connection had no header.
     *
     * @param proxyPeer the connection's real peer: the balancer
     */
    public static String[] attributes(ProxyHeader header, InetSocketAddress proxyPeer) {
        if (header == null) {
            return NONE;
        }
        List<String> pairs = new ArrayList<String>(8);
        add(pairs, PROXY_ADDRESS, proxyPeer.getAddress().getHostAddress());
        add(pairs, PROXY_PORT, Integer.toString(proxyPeer.getPort()));
        add(pairs, VERSION, Integer.toString(header.version()));
        for (Tlv tlv : header.tlvs()) {
            addTlv(pairs, tlv);
        }
        return pairs.toArray(NONE);
    }

    private static void addTlv(List<String> pairs, Tlv tlv) {
        if (tlv instanceof Tlv.Alpn) {
            add(pairs, ALPN, ((Tlv.Alpn) tlv).protocol());
        } else if (tlv instanceof Tlv.Text && tlv.type() == Tlv.AUTHORITY) {
            add(pairs, AUTHORITY, ((Tlv.Text) tlv).value());
        } else if (tlv instanceof Tlv.UniqueId) {
            add(pairs, UNIQUE_ID, ((Tlv.UniqueId) tlv).idAsString());
        } else if (tlv instanceof Tlv.Ssl) {
            Tlv.Ssl ssl = (Tlv.Ssl) tlv;
            add(pairs, SSL_VERSION, ssl.version());
            add(pairs, SSL_CIPHER, ssl.cipher());
            add(pairs, SSL_CN, ssl.commonName());
        } else if (tlv instanceof Tlv.AwsVpcEndpointId) {
            add(pairs, AWS_VPCE_ID, ((Tlv.AwsVpcEndpointId) tlv).vpcEndpointId());
        } else if (tlv instanceof Tlv.AzureLinkId) {
            add(pairs, AZURE_LINK_ID, Long.toString(((Tlv.AzureLinkId) tlv).linkId()));
        } else if (tlv instanceof Tlv.GcpPscConnectionId) {
            add(pairs, GCP_PSC_CONNECTION_ID, ((Tlv.GcpPscConnectionId) tlv).connectionIdAsString());
        }
    }

    /** A TLV that occurs twice reports its first value, as {@link ProxyHeader#tlv(int)} does. */
    private static void add(List<String> pairs, String name, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pairs.get(i).equals(name)) {
                return;
            }
        }
        pairs.add(name);
        pairs.add(value);
    }
}
