package io.proxywrap.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A value from a properties file a server ships, e.g. its version for our log lines. */
public final class ResourceProperties {

    private ResourceProperties() {
    }

    /** The property, or null when the loader has no such file or the file no such key. */
    public static String read(ClassLoader loader, String resource, String key) {
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            return null;
        }
        try {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key);
        } catch (IOException e) {
            // Only for log lines and version checks: a file we cannot read is a file we lack.
            return null;
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // Nothing to do: the properties were read or they were not.
            }
        }
    }
}
