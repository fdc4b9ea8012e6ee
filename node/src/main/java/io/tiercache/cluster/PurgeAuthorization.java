package io.tiercache.cluster;

import io.tiercache.config.AdminConfig;
import io.tiercache.config.CidrRange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Who may purge: a client presenting the purge token, or one whose address is on the allow-list. */
public final class PurgeAuthorization {

    /** The outcome, mapped by callers to 2xx, 401 or 403. */
    public enum Verdict { ALLOWED, MISSING_CREDENTIALS, WRONG_CREDENTIALS }

    private final String token;
    private final AdminConfig admin;

    public PurgeAuthorization(AdminConfig admin) {
        this.admin = admin;
        this.token = admin.purgeToken();
    }

    /**
     * @param authorization the request's Authorization header, or null
     * @param clientIp      the client connection's address
     */
    public Verdict check(String authorization, String clientIp) {
        // RFC 6750: credentials of another scheme are no bearer token at all, so the answer is 401, not 403.
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokenMatches(authorization.substring(7).trim()) ? Verdict.ALLOWED : Verdict.WRONG_CREDENTIALS;
        }
        for (CidrRange range : admin.purgeAllow()) {
            if (range.contains(clientIp)) {
                return Verdict.ALLOWED;
            }
        }
        return Verdict.MISSING_CREDENTIALS;
    }

    /** Compared in constant time, so that timing does not reveal how much of a guess was right. */
    public boolean tokenMatches(String presented) {
        if (token == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
