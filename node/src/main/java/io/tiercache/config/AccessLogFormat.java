package io.tiercache.config;

import java.util.Locale;

/** How each request is logged on the "tiercache.access" logger. */
public enum AccessLogFormat {
    /** One readable line, like nginx's combined log with $upstream_cache_status. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON,
    /** No access log. */
    OFF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
