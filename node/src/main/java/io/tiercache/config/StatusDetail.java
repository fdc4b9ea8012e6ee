package io.tiercache.config;

import java.util.Locale;

/** How much of the cache's reasoning the RFC 9211 {@code Cache-Status} response header shows clients. */
public enum StatusDetail {
    /** Everything, {@code detail} included: which route, bypass header or cookie, why not stored. */
    FULL,
    /** hit, fwd, fwd-status, stored, collapsed and ttl; no {@code detail}, which names parts of the config. */
    MINIMAL;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
