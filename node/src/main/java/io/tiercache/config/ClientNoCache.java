package io.tiercache.config;

import java.util.Locale;

/**
 * Whether a client's {@code Cache-Control: no-cache} or {@code Pragma: no-cache} may force the cache
 * to revalidate with the origin. Ignoring it protects the origin from clients that always send it
 * (browsers do on reload).
 */
public enum ClientNoCache {
    HONOUR,
    IGNORE;

    /** The name used in the config file, e.g. {@code honour}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
