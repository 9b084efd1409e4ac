package io.proxywrap.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external programs the interop tests run, and the Debian package each comes from. A missing
 * tool fails the test with a message naming the package: these tests are never skipped, because
 * a CI machine without the senders must go red, not quietly green.
 */
public enum RequiredTool {
    HAPROXY("haproxy", "haproxy"),
    NGINX("nginx", "nginx-light"),
    CURL("curl", "curl"),
    OPENSSL("openssl", "openssl");

    /** nginx-light has no stream module built in; Debian ships it as a loadable module. */
    public static final Path NGINX_STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    static final String INSTALL_HINT =
            "install the test tools: apt-get install haproxy nginx-light libnginx-mod-stream curl openssl"
                    + " (.ci/run does this)";

    private final String binary;
    private final String debianPackage;

    RequiredTool(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    /** The executable, found on PATH or in /usr/sbin and /sbin (where haproxy and nginx live). */
    public Path path() {
        List<String> dirs = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            dirs.addAll(List.of(pathVariable.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(binary + " not found on PATH or in /usr/sbin: it comes from the Debian package "
                + debianPackage + "; " + INSTALL_HINT);
    }

    /** The nginx stream module, which nginx-light loads from a separate package. */
    public static Path nginxStreamModule() {
        if (!Files.isRegularFile(NGINX_STREAM_MODULE)) {
            throw new IllegalStateException(NGINX_STREAM_MODULE + " not found: it comes from the Debian package "
                    + "libnginx-mod-stream; " + INSTALL_HINT);
        }
        return NGINX_STREAM_MODULE;
    }
}
