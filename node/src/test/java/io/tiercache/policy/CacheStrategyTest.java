package io.tiercache.policy;

import static io.tiercache.policy.Stored.freshFor;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("CacheStrategy: the caching decision for one request, made once")
class CacheStrategyTest {

    private static final String ETAG = "\"v7\"";
    private static final String LAST_MODIFIED = "Tue, 03 Jun 2025 10:00:00 GMT";
    private static final HeaderList BOTH_VALIDATORS = HeaderList.of("Content-Type", "text/html", "ETag", ETAG,
            "Last-Modified", LAST_MODIFIED);
    private static final HeaderList NO_VALIDATORS = HeaderList.of("Content-Type", "text/html");

    /** {@link Stored} responses arrived at time 0; this request arrived well after them. */
    private static final long ARRIVED_LATER = 1_000_000;

    private static ClientDirectives client(String cacheControl) {
        return ClientDirectives.of(HeaderList.of("Cache-Control", cacheControl), true);
    }

    private static CacheStrategy forStored(StoredFreshness stored, HeaderFields fields, long ageMillis,
                                           ClientDirectives client) {
        return CacheStrategy.forStored(stored, fields, ageMillis, client, ARRIVED_LATER);
    }

    @Nested
    @DisplayName("with nothing stored")
    class Miss {

        @Test
        void fetchesWithoutValidators() {
            assertThat(CacheStrategy.forMiss(ClientDirectives.NONE))
                    .isEqualTo(new CacheStrategy(Reuse.FETCH, Validators.NONE));
        }

        // RFC 9111 §5.2.1.7: only-if-cached and nothing stored: 504, the origin is not asked.
        @Test
        void isUnavailableForOnlyIfCached() {
            assertThat(CacheStrategy.forMiss(client("only-if-cached")).reuse()).isEqualTo(Reuse.UNAVAILABLE);
        }
    }

    @Nested
    @DisplayName("with a stored response")
    class StoredResponse {

        @Test
        void servesAFreshResponseWithoutValidators() {
            CacheStrategy strategy = forStored(freshFor(60), BOTH_VALIDATORS, 10_000, ClientDirectives.NONE);

            assertThat(strategy).isEqualTo(new CacheStrategy(Reuse.FRESH, Validators.NONE));
        }

        // RFC 9111 §4.3.1: If-None-Match from ETag, If-Modified-Since from Last-Modified.
        @Test
        void revalidatesAStaleResponseWithExactlyItsValidators() {
            CacheStrategy strategy = forStored(freshFor(60), BOTH_VALIDATORS, 61_000, ClientDirectives.NONE);

            assertThat(strategy).isEqualTo(new CacheStrategy(Reuse.REVALIDATE, new Validators(ETAG, LAST_MODIFIED)));
        }

        // RFC 9111 §4.3.1: a validator the response does not have is not sent.
        @Test
        void revalidatesWithTheOneValidatorAResponseHas() {
            HeaderList etagOnly = HeaderList.of("ETag", ETAG);
            HeaderList lastModifiedOnly = HeaderList.of("Last-Modified", LAST_MODIFIED);

            assertThat(forStored(freshFor(60), etagOnly, 61_000, ClientDirectives.NONE).validators())
                    .isEqualTo(new Validators(ETAG, null));
            assertThat(forStored(freshFor(60), lastModifiedOnly, 61_000, ClientDirectives.NONE).validators())
                    .isEqualTo(new Validators(null, LAST_MODIFIED));
        }

        @Test
        void revalidatesAResponseWithoutValidatorsByAFullFetch() {
            CacheStrategy strategy = forStored(freshFor(60), NO_VALIDATORS, 61_000, ClientDirectives.NONE);

            assertThat(strategy.reuse()).isEqualTo(Reuse.REVALIDATE);
            assertThat(strategy.validators().any()).isFalse();
        }

        // RFC 5861 §3 and RFC 9111 §4.3.1: the background refresh is a revalidation, so it is conditional.
        @Test
        void servesStaleWhileRevalidatingWithTheValidatorsForTheRefresh() {
            CacheStrategy strategy = forStored(freshFor(60).staleWhileRevalidate(30), BOTH_VALIDATORS, 70_000,
                    ClientDirectives.NONE);

            assertThat(strategy).isEqualTo(
                    new CacheStrategy(Reuse.STALE_WHILE_REVALIDATE, new Validators(ETAG, LAST_MODIFIED)));
        }

        // A soft purge marks the response stale; its refresh may still be answered by a 304.
        @Test
        void refreshesASoftPurgedResponseConditionally() {
            CacheStrategy strategy = forStored(freshFor(60).softlyPurged(), BOTH_VALIDATORS, 1_000,
                    ClientDirectives.NONE);

            assertThat(strategy).isEqualTo(
                    new CacheStrategy(Reuse.STALE_WHILE_REVALIDATE, new Validators(ETAG, LAST_MODIFIED)));
        }

        @Test
        void servesStaleAcceptedByMaxStaleWithoutValidators() {
            CacheStrategy strategy = forStored(freshFor(60), BOTH_VALIDATORS, 70_000, client("max-stale=60"));

            assertThat(strategy).isEqualTo(new CacheStrategy(Reuse.STALE_ACCEPTED, Validators.NONE));
        }

        // RFC 9111 §5.2.1.7: only-if-cached forbids the revalidation a stale response needs.
        @Test
        void isUnavailableForOnlyIfCachedWhenTheResponseMustBeRevalidated() {
            CacheStrategy strategy = forStored(freshFor(60), BOTH_VALIDATORS, 61_000, client("only-if-cached"));

            assertThat(strategy).isEqualTo(new CacheStrategy(Reuse.UNAVAILABLE, Validators.NONE));
        }

        // RFC 9111 §5.2.1.7: a stored response consistent with the request answers only-if-cached.
        @Test
        void servesAFreshResponseForOnlyIfCached() {
            assertThat(forStored(freshFor(60), BOTH_VALIDATORS, 1_000, client("only-if-cached")).reuse())
                    .isEqualTo(Reuse.FRESH);
        }
    }

    /**
     * RFC 9111 §5.2.1.4 and §5.2.2.4: no-cache asks that the response be validated with the origin
     * for this request; one that came from the origin after the request arrived was, so requests that
     * waited on one revalidation share it.
     */
    @Nested
    @DisplayName("with a response validated since the request arrived")
    class ValidatedSinceArrival {

        /** When every {@link Stored} response arrived from the origin. */
        private static final long STORED_AT = 0;

        @Test
        void isFreshForANoCacheRequest() {
            Stored stored = freshFor(60);

            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, client("no-cache"), STORED_AT))
                    .isEqualTo(new CacheStrategy(Reuse.FRESH, Validators.NONE));
            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, client("no-cache"), STORED_AT - 1_000)
                    .reuse()).isEqualTo(Reuse.FRESH);
        }

        @Test
        void isFreshForANoCacheResponse() {
            Stored stored = freshFor(60).revalidatingAlways();

            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, ClientDirectives.NONE, STORED_AT).reuse())
                    .isEqualTo(Reuse.FRESH);
        }

        // Requests that waited on the fill of a response with max-age=0 share it instead of fetching in turn.
        @Test
        void isFreshEvenWithAZeroLifetime() {
            assertThat(CacheStrategy.forStored(freshFor(0), NO_VALIDATORS, 2_000, ClientDirectives.NONE, STORED_AT)
                    .reuse()).isEqualTo(Reuse.FRESH);
        }

        @Test
        void isRevalidatedWhenItArrivedBeforeTheRequest() {
            Stored stored = freshFor(60);

            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, client("no-cache"), STORED_AT + 1))
                    .isEqualTo(new CacheStrategy(Reuse.REVALIDATE, new Validators(ETAG, LAST_MODIFIED)));
        }

        // A soft purge after the response landed asks for a refresh even so (invariant 2's soft form).
        @Test
        void isNotFreshOnceSoftPurged() {
            Stored stored = freshFor(60).softlyPurged();

            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, ClientDirectives.NONE, STORED_AT).reuse())
                    .isEqualTo(Reuse.STALE_WHILE_REVALIDATE);
            assertThat(CacheStrategy.forStored(stored, BOTH_VALIDATORS, 0, client("no-cache"), STORED_AT).reuse())
                    .isEqualTo(Reuse.REVALIDATE);
        }
    }
}
