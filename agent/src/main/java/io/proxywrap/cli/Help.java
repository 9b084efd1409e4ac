package io.proxywrap.cli;

import io.proxywrap.core.config.ConfigReference;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.connection.RequestView;
import java.io.PrintStream;

/** What {@code java -jar proxywrap.jar} prints: the version, how to run it, and the reference. */
final class Help {

    static final String USAGE = String.join("\n",
            "Usage:",
            "  java -javaagent:proxywrap.jar -Dproxywrap.ports=8080 -jar app.jar   run a server with the agent",
            "  java -jar proxywrap.jar [help]                                     print this text, with every option",
            "  java -jar proxywrap.jar send --to HOST:PORT [options]              send a header and a request, print the response");

    /**
     * The request attributes, by {@link RequestView}'s own names, with what each holds. Every
     * name RequestView defines is listed (a test checks it).
     */
    private static final String[][] ATTRIBUTES = {
        {RequestView.PROXY_ADDRESS + ", " + RequestView.PROXY_PORT, "the real socket peer: the balancer"},
        {RequestView.VERSION, "1 or 2"},
        {RequestView.ALPN + ", " + RequestView.AUTHORITY + ", " + RequestView.UNIQUE_ID,
            "the v2 ALPN, AUTHORITY and UNIQUE_ID TLVs"},
        {RequestView.SSL_VERSION + ", " + RequestView.SSL_CIPHER + ", " + RequestView.SSL_CN,
            "the v2 SSL TLV's VERSION, CIPHER and CN"},
        {RequestView.AWS_VPCE_ID, "AWS PrivateLink's VPC endpoint id (TLV 0xEA, subtype 0x01)"},
        {RequestView.AZURE_LINK_ID, "Azure Private Link's LINKID (TLV 0xEE, subtype 0x01), in decimal"},
        {RequestView.GCP_PSC_CONNECTION_ID, "GCP Private Service Connect's connection id (TLV 0xE0)"},
    };

    private Help() {
    }

    static void print(PrintStream out) {
        out.println("proxywrap " + ProxywrapConfig.version()
                + ": the PROXY protocol (v1, v2) for Java servers, added by a Java agent");
        out.println();
        out.println(USAGE);
        out.println();
        out.println("Configuration");
        for (String line : ConfigReference.lines()) {
            out.println(line.isEmpty() ? line : "  " + line);
        }
        out.println();
        out.println("Request attributes (String values; the first three on every connection that had a header,");
        out.println("the others when the header carried that TLV):");
        for (String[] attribute : ATTRIBUTES) {
            out.println("  " + attribute[0]);
            out.println("      " + attribute[1]);
        }
        out.println();
        out.println(SendOptions.USAGE);
    }
}
