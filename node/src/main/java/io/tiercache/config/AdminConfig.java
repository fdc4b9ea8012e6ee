package io.tiercache.config;

import java.util.List;
import java.util.Objects;

/**
 * The admin HTTP API (purge, health, metrics).
 *
 * @param listen     where the admin API listens; port 0 picks a free port
 * @param purgeToken the bearer token that authorises purges, or {@code null} for none
 * @param purgeAllow client address ranges that may purge without the token
 * @param readToken  the bearer token (or the purge token) that GET /stats and GET /metrics need, or
 *                   {@code null} to leave them open
 */
public record AdminConfig(HostPort listen, String purgeToken, List<CidrRange> purgeAllow, String readToken) {
    public AdminConfig {
        Objects.requireNonNull(listen, "listen");
        purgeAllow = List.copyOf(purgeAllow);
    }

    /** Leaves the tokens out, because the effective config gets logged. */
    @Override
    public String toString() {
        return "AdminConfig[listen=" + listen + ", purgeToken=" + (purgeToken == null ? "none" : "(set)")
                + ", purgeAllow=" + purgeAllow + ", readToken=" + (readToken == null ? "none" : "(set)") + "]";
    }
}
