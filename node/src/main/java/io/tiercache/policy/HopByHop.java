package io.tiercache.policy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Connection-specific fields that a proxy must not forward or store (RFC 9110 §7.6.1). */
public final class HopByHop {

    public static final Set<String> FIELDS = Set.of(
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** Field names listed in Connection, lower-cased; these are hop-by-hop too. */
    public static Set<String> connectionTokens(HeaderFields headers) {
        var lines = headers.all("Connection");
        if (lines.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        for (String line : lines) {
            for (String token : line.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    tokens.add(name);
                }
            }
        }
        return tokens;
    }

    /** @param lowerCaseName the field name in lower case */
    public static boolean isHopByHop(String lowerCaseName, Set<String> connectionTokens) {
        return FIELDS.contains(lowerCaseName) || connectionTokens.contains(lowerCaseName);
    }
}
