package io.tiercache.policy;

import static io.tiercache.policy.FreshnessLifetime.Source.EXPIRES;
import static io.tiercache.policy.FreshnessLifetime.Source.HEURISTIC;
import static io.tiercache.policy.FreshnessLifetime.Source.MAX_AGE;
import static io.tiercache.policy.FreshnessLifetime.Source.NONE;
import static io.tiercache.policy.FreshnessLifetime.Source.ROUTE_TTL;
import static io.tiercache.policy.FreshnessLifetime.Source.S_MAXAGE;
import static io.tiercache.policy.FreshnessLifetime.Source.X_ACCEL_EXPIRES;
import static io.tiercache.policy.Rules.rfc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("FreshnessLifetime: how long a stored response is fresh (RFC 9111 §4.2.1, §4.2.2)")
class FreshnessLifetimeTest {

    /** When the response arrived: Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long NOW = 784_111_777L;
    private static final String DATE = HttpDate.format(NOW);

    private static String at(long offsetSeconds) {
        return HttpDate.format(NOW + offsetSeconds);
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                // nginx X-Accel-Expires: highest priority, above s-maxage
                arguments("takes X-Accel-Expires over s-maxage and max-age", 200,
                        HeaderList.of("X-Accel-Expires", "30", "Cache-Control", "s-maxage=60, max-age=90"), rfc(),
                        30, X_ACCEL_EXPIRES),
                // nginx X-Accel-Expires: "@" gives an absolute time in epoch seconds
                arguments("reads an absolute X-Accel-Expires as seconds from receipt", 200,
                        HeaderList.of("X-Accel-Expires", "@" + (NOW + 100)), rfc(), 100, X_ACCEL_EXPIRES),
                // nginx X-Accel-Expires: an absolute time in the past is already expired
                arguments("reads an absolute X-Accel-Expires in the past as expired", 200,
                        HeaderList.of("X-Accel-Expires", "@" + (NOW - 100), "Cache-Control", "max-age=60"), rfc(),
                        0, X_ACCEL_EXPIRES),
                // nginx X-Accel-Expires: surrounding whitespace is not part of the value
                arguments("trims X-Accel-Expires", 200, HeaderList.of("X-Accel-Expires", " 45 "), rfc(),
                        45, X_ACCEL_EXPIRES),
                // nginx X-Accel-Expires: an unreadable value is ignored
                arguments("falls back to max-age when X-Accel-Expires is unreadable", 200,
                        HeaderList.of("X-Accel-Expires", "soon", "Cache-Control", "max-age=60"), rfc(), 60, MAX_AGE),
                // nginx X-Accel-Expires: an unreadable absolute time is ignored
                arguments("falls back to s-maxage when an absolute X-Accel-Expires is unreadable", 200,
                        HeaderList.of("X-Accel-Expires", "@tomorrow", "Cache-Control", "s-maxage=60"), rfc(),
                        60, S_MAXAGE),
                // route rule: X-Accel-Expires ignored
                arguments("skips X-Accel-Expires when the route ignores it", 200,
                        HeaderList.of("X-Accel-Expires", "30", "Cache-Control", "s-maxage=60"),
                        rfc().ignoringXAccelExpires(), 60, S_MAXAGE),
                // RFC 9111 §4.2.1: a shared cache uses s-maxage first
                arguments("takes s-maxage over max-age", 200,
                        HeaderList.of("Cache-Control", "max-age=10, s-maxage=60"), rfc(), 60, S_MAXAGE),
                // RFC 9111 §5.2.2.10: s-maxage=0 counts (and overrides max-age) for a shared cache
                arguments("takes s-maxage=0 over a positive max-age", 200,
                        HeaderList.of("Cache-Control", "max-age=600, s-maxage=0"), rfc(), 0, S_MAXAGE),
                // RFC 9111 §5.3: max-age overrides Expires
                arguments("takes max-age over Expires", 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Date", DATE, "Expires", at(3600)), rfc(),
                        60, MAX_AGE),
                // RFC 9111 §4.2.1: invalid freshness information makes the response stale
                arguments("treats an invalid max-age as zero even when Expires is later", 200,
                        HeaderList.of("Cache-Control", "max-age=ten", "Date", DATE, "Expires", at(3600)), rfc(),
                        0, MAX_AGE),
                // RFC 9111 §4.2.1: Expires minus Date
                arguments("uses Expires minus Date", 200, HeaderList.of("Date", DATE, "Expires", at(3600)), rfc(),
                        3600, EXPIRES),
                // RFC 9111 §4.2.1: Date is the origin's clock, not the time of receipt
                arguments("uses the origin's Date rather than the time of receipt", 200,
                        HeaderList.of("Date", at(-600), "Expires", at(3000)), rfc(), 3600, EXPIRES),
                // RFC 9111 §4.2.1, RFC 9110 §6.6.1: without Date the time of receipt stands in
                arguments("uses the time of receipt when Date is missing", 200,
                        HeaderList.of("Expires", at(120)), rfc(), 120, EXPIRES),
                // RFC 9110 §6.6.1: an invalid Date is treated like a missing one
                arguments("uses the time of receipt when Date is invalid", 200,
                        HeaderList.of("Date", "yesterday", "Expires", at(120)), rfc(), 120, EXPIRES),
                // RFC 9111 §5.3: an invalid Expires such as "0" means already expired
                arguments("reads Expires: 0 as already expired", 200,
                        HeaderList.of("Date", DATE, "Expires", "0"), rfc(), 0, EXPIRES),
                // RFC 9111 §5.3: an Expires before Date means already expired
                arguments("reads an Expires before Date as already expired", 200,
                        HeaderList.of("Date", DATE, "Expires", at(-60)), rfc(), 0, EXPIRES),
                // RFC 9110 §5.6.7: Expires in the obsolete RFC 850 form
                arguments("reads Expires in RFC 850 form", 200,
                        HeaderList.of("Date", DATE, "Expires", "Sunday, 06-Nov-94 09:49:37 GMT"), rfc(),
                        3600, EXPIRES),
                // RFC 9110 §5.6.7: Expires in the obsolete asctime form
                arguments("reads Expires in asctime form", 200,
                        HeaderList.of("Date", DATE, "Expires", "Sun Nov  6 09:49:37 1994"), rfc(), 3600, EXPIRES),
                // RFC 9111 §5.3: with several Expires lines the first is used
                arguments("uses the first of several Expires lines", 200,
                        HeaderList.of("Date", DATE, "Expires", at(60), "Expires", at(7200)), rfc(), 60, EXPIRES),
                // route rule: Expires ignored, so the route TTL applies
                arguments("uses the route TTL when the route ignores Expires", 200,
                        HeaderList.of("Date", DATE, "Expires", at(3600)), rfc().ignoringExpires().routeTtl(200, 300),
                        300, ROUTE_TTL),
                // route rule: a TTL only when the origin says nothing about freshness
                arguments("uses the route TTL when the origin is silent", 200, HeaderList.of("Date", DATE),
                        rfc().routeTtl(200, 300), 300, ROUTE_TTL),
                // route rule: a TTL of 0 is still a route TTL
                arguments("uses a route TTL of zero", 200, HeaderList.EMPTY, rfc().routeTtl(200, 0), 0, ROUTE_TTL),
                // route rule: TTLs are per status
                arguments("uses the route TTL of the response's status only", 404, HeaderList.EMPTY,
                        rfc().routeTtl(200, 300), 0, NONE),
                // route rule: a TTL may cover a status that is not heuristically cacheable
                arguments("uses a route TTL for a 500", 500, HeaderList.EMPTY, rfc().routeTtl(500, 5), 5, ROUTE_TTL),
                // route rule: the origin's max-age=0 is not overridden by the route TTL
                arguments("keeps the origin's max-age=0 over the route TTL", 200,
                        HeaderList.of("Cache-Control", "max-age=0"), rfc().routeTtl(200, 300), 0, MAX_AGE),
                // route rule: the origin's Expires is not overridden by the route TTL
                arguments("keeps the origin's Expires over the route TTL", 200,
                        HeaderList.of("Date", DATE, "Expires", at(10)), rfc().routeTtl(200, 300), 10, EXPIRES),
                // route rule: the route TTL comes before heuristic freshness
                arguments("takes the route TTL over heuristic freshness", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-10 * 3600)),
                        rfc().routeTtl(200, 300), 300, ROUTE_TTL),
                // RFC 9111 §4.2.2: 10% of the time since Last-Modified
                arguments("uses 10% of Date minus Last-Modified as heuristic freshness", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-10 * 3600)), rfc(),
                        3600, HEURISTIC),
                // RFC 9111 §4.2.2: the heuristic is capped (here at one day)
                arguments("caps heuristic freshness at one day", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-365L * 86400)), rfc(),
                        86400, HEURISTIC),
                // RFC 9111 §4.2.2, §4.2.3: without Date the time of receipt stands in
                arguments("computes the heuristic from the time of receipt without Date", 200,
                        HeaderList.of("Last-Modified", at(-1000)), rfc(), 100, HEURISTIC),
                // RFC 9110 §15.1: 404 is heuristically cacheable
                arguments("applies heuristic freshness to a 404", 404,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-1000)), rfc(), 100, HEURISTIC),
                // RFC 9111 §4.2.2: only for heuristically cacheable statuses
                arguments("gives no heuristic freshness to a 302", 302,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-1000)), rfc(), 0, NONE),
                // route rule: heuristics are on unless the cache or the route turns them off
                arguments("gives no heuristic freshness when the route turns it off", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-1000)), rfc().withoutHeuristics(), 0, NONE),
                // RFC 9111 §4.2.2: the cap is configurable (cache.heuristic-max)
                arguments("caps heuristic freshness at the configured maximum", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-365L * 86400)), rfc().heuristicMax(3600),
                        3600, HEURISTIC),
                // RFC 9111 §4.2.2: a Last-Modified after Date gives no heuristic
                arguments("gives no heuristic freshness when Last-Modified is after Date", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(1000)), rfc(), 0, NONE),
                // RFC 9111 §4.2.2: less than ten seconds old rounds down to nothing
                arguments("gives no heuristic freshness to a response modified seconds ago", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", at(-9)), rfc(), 0, NONE),
                // RFC 9111 §4.2.2: an invalid Last-Modified gives no heuristic
                arguments("gives no heuristic freshness from an invalid Last-Modified", 200,
                        HeaderList.of("Date", DATE, "Last-Modified", "last week"), rfc(), 0, NONE),
                // RFC 9111 §4.2.1: nothing at all
                arguments("finds no freshness in a silent response", 200, HeaderList.of("Date", DATE), rfc(),
                        0, NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimes")
    void computesTheFreshnessLifetime(String behaviour, int status, HeaderList response, Rules rules,
                                      long seconds, FreshnessLifetime.Source source) {
        CacheControl cc = CacheControl.of(response);
        assertThat(FreshnessLifetime.of(status, response, cc, true, rules.build(), NOW))
                .isEqualTo(new FreshnessLifetime(seconds, source));
    }

    // route rule: the caller passes CacheControl.NONE for a route that ignores Cache-Control
    @Test
    void readsCacheControlOnlyFromTheGivenDirectives() {
        HeaderList response = HeaderList.of("Cache-Control", "max-age=60", "Date", DATE, "Expires", at(10));
        assertThat(FreshnessLifetime.of(200, response, CacheControl.NONE, true, rfc().build(), NOW))
                .isEqualTo(new FreshnessLifetime(10, EXPIRES));
    }

    // RFC 9111 §4.2.1: only the origin's own statements are explicit freshness
    @ParameterizedTest(name = "{0} explicit: {1}")
    @CsvSource({
            "X_ACCEL_EXPIRES, true",
            "S_MAXAGE, true",
            "MAX_AGE, true",
            "EXPIRES, true",
            "ROUTE_TTL, false",
            "HEURISTIC, false",
            "NONE, false"})
    void tellsWhetherTheOriginStatedTheFreshness(FreshnessLifetime.Source source, boolean explicit) {
        assertThat(source.explicit()).isEqualTo(explicit);
    }

    // RFC 9111 §4.2.3, RFC 9110 §6.6.1: Date, or the time of receipt when it is missing
    @ParameterizedTest(name = "Date \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Sun, 06 Nov 1994 08:40:00 GMT | 784111200",
            "NULL                          | 784111777",
            "garbage                       | 784111777"})
    void takesDateOrTheTimeOfReceipt(String date, long expected) {
        HeaderList response = date == null ? HeaderList.EMPTY : HeaderList.of("Date", date);
        assertThat(FreshnessLifetime.dateOrReceived(response, NOW)).isEqualTo(expected);
    }

    // route rules: plain RFC behaviour overrides nothing
    @Test
    void overridesNothingUnderPlainRfcRules() {
        CacheRules rules = CacheRules.RFC;
        assertThat(rules.ignoreCacheControl()).isFalse();
        assertThat(rules.ignoreExpires()).isFalse();
        assertThat(rules.ignoreSetCookie()).isFalse();
        assertThat(rules.ignoreXAccelExpires()).isFalse();
        assertThat(rules.heuristicFreshness()).isTrue();
        assertThat(rules.staleWhileRevalidateSeconds()).isZero();
        assertThat(rules.staleIfErrorSeconds()).isZero();
        assertThat(rules.routeTtlFor(200)).isEqualTo(-1);
        assertThat(rules.routeTtlFor(404)).isEqualTo(-1);
    }

    @Test
    void asksTheRouteForTheTtlOfEachStatus() {
        CacheRules rules = rfc().routeTtl(404, 30).build();
        assertThat(rules.routeTtlFor(404)).isEqualTo(30);
        assertThat(rules.routeTtlFor(200)).isEqualTo(-1);
    }
}
