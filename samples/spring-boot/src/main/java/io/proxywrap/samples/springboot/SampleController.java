package io.proxywrap.samples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /}: the echo page; {@code GET /whoami}: what this request reports. */
@RestController
class SampleController {

    /**
     * The request attributes proxywrap may set. Asked for by name: Tomcat's
     * {@code getAttributeNames()} does not list them, because they are set on its internal
     * (coyote) request, which {@code getAttribute(name)} consults and the enumeration does not.
     */
    private static final String[] PROXYWRAP_ATTRIBUTES = {
        "proxywrap.proxy.address", "proxywrap.proxy.port", "proxywrap.version", "proxywrap.alpn",
        "proxywrap.authority", "proxywrap.unique_id", "proxywrap.ssl.version", "proxywrap.ssl.cipher",
        "proxywrap.ssl.cn", "proxywrap.aws.vpce_id", "proxywrap.azure.link_id", "proxywrap.gcp.psc_connection_id",
    };

    /** {@code index.html} next to this class. */
    @GetMapping(path = "/", produces = "text/html;charset=UTF-8")
    Resource page() {
        return new ClassPathResource("index.html", SampleController.class);
    }

    /** One {@code name: value} per line, the same lines as every sample's {@code /whoami}. */
    @GetMapping(path = "/whoami", produces = MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8")
    String whoami(HttpServletRequest request) {
        StringBuilder out = new StringBuilder();
        line(out, "getRemoteAddr", request.getRemoteAddr());
        line(out, "getRemotePort", request.getRemotePort());
        line(out, "getLocalAddr", request.getLocalAddr());
        line(out, "getLocalPort", request.getLocalPort());
        line(out, "getScheme", request.getScheme());
        line(out, "isSecure", request.isSecure());
        for (String name : PROXYWRAP_ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                line(out, name, value);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(": ").append(value).append('\n');
    }
}
