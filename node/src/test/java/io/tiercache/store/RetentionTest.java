package io.tiercache.store;

import io.tiercache.policy.HeaderList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("CachedResponse.retentionMillis: how long the shared map keeps an entry")
class RetentionTest {

    private static final long NOW = 1_100;
    private static final long KEEP_FOR_REVALIDATION = 600_000;

    private static CachedResponse stored(HeaderList headers, long swr, long sie, boolean staleForbidden) {
        return new CachedResponse(Responses.location(Responses.HOST, "/kept"), "", 200, headers, new byte[0],
                new String[0], new CachedResponse.Timing(1_000, NOW, 0),
                new CachedResponse.Freshness(60_000, swr, sie, false, staleForbidden, "max-age"), 0, 0, "node-1");
    }

    // RFC 9111 §4.2.4: kept past expiry for as long as it may stand in for an unreachable origin
    @Test
    void keepsAnExpiredEntryForTheUnreachableWindow() {
        CachedResponse response = stored(HeaderList.EMPTY, 0, 0, false);

        assertThat(response.retentionMillis(NOW, KEEP_FOR_REVALIDATION, 0)).isEqualTo(60_000);
        assertThat(response.retentionMillis(NOW, KEEP_FOR_REVALIDATION, 3_600_000)).isEqualTo(3_660_000);
    }

    // RFC 9111 §4.2.4: a response that may never be served stale is not kept for it
    @Test
    void keepsNothingExtraForAResponseThatMayNotBeServedStale() {
        assertThat(stored(HeaderList.EMPTY, 0, 0, true).retentionMillis(NOW, KEEP_FOR_REVALIDATION, 3_600_000))
                .isEqualTo(60_000);
    }

    // RFC 5861: the longest stale window counts once; a validator adds the time kept for revalidation
    @Test
    void takesTheLongestStaleWindowAndAddsRevalidationTimeForAValidator() {
        CachedResponse validated = stored(HeaderList.of("ETag", "\"a\""), 120_000, 30_000, false);

        assertThat(validated.retentionMillis(NOW, KEEP_FOR_REVALIDATION, 10_000))
                .isEqualTo(60_000 + 120_000 + KEEP_FOR_REVALIDATION);
    }
}
