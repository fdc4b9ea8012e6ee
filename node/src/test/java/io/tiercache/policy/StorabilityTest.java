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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Storability: what a shared cache may store (RFC 9111 §3, §4.2, RFC 5861)")
class StorabilityTest {

    private static final long NOW = 784_111_777L;
    private static final String DATE = HttpDate.format(NOW);
    private static final HeaderList NO_HEADERS = HeaderList.EMPTY;
    private static final HeaderList AUTHORIZED = HeaderList.of("Authorization", "Bearer abc");

    private static StoreDecision refused(String reason) {
        return new StoreDecision(false, reason, new FreshnessLifetime(0, NONE), 0, 0, false, false, false);
    }

    private static StoreDecision stored(long seconds, FreshnessLifetime.Source source) {
        return new StoreDecision(true, "storable", new FreshnessLifetime(seconds, source), 0, 0, false, false, false);
    }

    private static StoreDecision withWindows(StoreDecision decision, long swr, long sie) {
        return new StoreDecision(decision.storable(), decision.reason(), decision.lifetime(), swr, sie,
                decision.revalidateAlways(), decision.staleForbidden(), decision.stripSetCookie());
    }

    private static StoreDecision staleForbidden(StoreDecision decision) {
        return new StoreDecision(decision.storable(), decision.reason(), decision.lifetime(), 0, 0,
                decision.revalidateAlways(), true, decision.stripSetCookie());
    }

    private static StoreDecision revalidatingAlways(StoreDecision decision) {
        return new StoreDecision(decision.storable(), decision.reason(), decision.lifetime(), 0, 0, true, true,
                decision.stripSetCookie());
    }

    private static StoreDecision strippingSetCookie(StoreDecision decision) {
        return new StoreDecision(decision.storable(), decision.reason(), decision.lifetime(),
                decision.staleWhileRevalidateSeconds(), decision.staleIfErrorSeconds(), decision.revalidateAlways(),
                decision.staleForbidden(), true);
    }

    private static HeaderList cc(String value) {
        return HeaderList.of("Cache-Control", value);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // RFC 9111 §3: storing a response
                arguments("stores a 200 with max-age", "GET", NO_HEADERS, 200, cc("max-age=60"), rfc(),
                        stored(60, MAX_AGE)),
                // RFC 9213 §2.2: a targeted field replaces Cache-Control, no-store included
                arguments("stores for CDN-Cache-Control's max-age despite Cache-Control no-store", "GET", NO_HEADERS,
                        200, HeaderList.of("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=600"), rfc(),
                        stored(600, MAX_AGE)),
                // RFC 9213 §2.2: ... and forbids what it forbids
                arguments("obeys CDN-Cache-Control's no-store over Cache-Control's max-age", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store"), rfc(),
                        refused("no-store")),
                // RFC 9213 §2.2: a targeted field replaces Expires too
                arguments("ignores Expires when a targeted field applies", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", DATE, "Expires", HttpDate.format(NOW + 3600), "CDN-Cache-Control",
                                "public"), rfc().withoutHeuristics(), refused("no freshness")),
                // RFC 9213 §2.1: an invalid targeted field is ignored, Cache-Control applies
                arguments("falls back to Cache-Control when the targeted field is invalid", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "CDN-Cache-Control", "max-age=600,"), rfc(),
                        stored(60, MAX_AGE)),
                // RFC 9213 §2.2: only the fields on the configured target list count
                arguments("reads the configured targeted field first", "GET", NO_HEADERS, 200,
                        HeaderList.of("CDN-Cache-Control", "max-age=600", "Shop-Cache-Control", "max-age=5"),
                        rfc().targetedFields("Shop-Cache-Control", "CDN-Cache-Control"), stored(5, MAX_AGE)),
                // Edge Architecture 1.0: Surrogate-Control's max-age replaces Cache-Control for the surrogate
                arguments("stores for Surrogate-Control's max-age despite Cache-Control private", "GET", NO_HEADERS,
                        200, HeaderList.of("Cache-Control", "private", "Surrogate-Control", "max-age=300"), rfc(),
                        stored(300, MAX_AGE)),
                // Edge Architecture 1.0: Surrogate-Control's no-store
                arguments("obeys Surrogate-Control's no-store", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Surrogate-Control", "no-store"), rfc(),
                        refused("no-store")),
                // RFC 9111 §5.2.2.3: a known status with must-understand is stored as if no-store were absent
                arguments("stores a 200 with no-store and must-understand", "GET", NO_HEADERS, 200,
                        cc("max-age=60, no-store, must-understand"), rfc(), stored(60, MAX_AGE)),
                // RFC 9111 §5.2.2.3: an unknown status with must-understand is not stored
                arguments("does not store an unknown status with must-understand", "GET", NO_HEADERS, 299,
                        cc("max-age=60, no-store, must-understand"), rfc(), refused("must-understand status 299")),
                // RFC 9111 §5.2.2.3: must-understand overrides no-store only; private still holds
                arguments("does not store a private response with must-understand", "GET", NO_HEADERS, 200,
                        cc("max-age=60, private, must-understand"), rfc(), refused("private")),
                // RFC 9111 §5.3: an invalid Expires means already expired
                arguments("stores an invalid Expires as already expired when it can be validated", "GET",
                        NO_HEADERS, 200, HeaderList.of("Date", DATE, "Expires", "0", "ETag", "\"a\""), rfc(),
                        stored(0, EXPIRES)),
                // RFC 9110 §5.6.7: Expires and Date in the obsolete forms
                arguments("reads Expires and Date in the RFC 850 form", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", "Sunday, 06-Nov-94 08:49:37 GMT", "Expires",
                                "Sunday, 06-Nov-94 09:49:37 GMT"), rfc(), stored(3600, EXPIRES)),
                arguments("reads Expires and Date in the asctime form", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", "Sun Nov  6 08:49:37 1994", "Expires", "Sun Nov  6 08:50:37 1994"),
                        rfc(), stored(60, EXPIRES)),
                // RFC 9110 §5.6.7, RFC 9111 §4.2.2: Last-Modified in the obsolete forms
                arguments("reads Last-Modified in the asctime form for heuristic freshness", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", DATE, "Last-Modified", "Sun Nov  6 08:32:57 1994"), rfc(),
                        stored(100, HEURISTIC)),
                // RFC 9111 §3: the cache understands the method; here only GET is stored
                arguments("does not store the response to a POST", "POST", NO_HEADERS, 200, cc("max-age=60"), rfc(),
                        refused("method POST")),
                // RFC 9111 §3: the cache understands the method; here only GET is stored
                arguments("does not store the response to a PUT", "PUT", NO_HEADERS, 200, cc("max-age=60"), rfc(),
                        refused("method PUT")),
                // RFC 9111 §3: the status must be final
                arguments("does not store an interim 1xx response", "GET", NO_HEADERS, 103, cc("max-age=60"), rfc(),
                        refused("status 103")),
                // RFC 9111 §3.3: partial content is not stored as a whole response
                arguments("does not store a 206", "GET", NO_HEADERS, 206, cc("max-age=60"), rfc(),
                        refused("status 206")),
                // RFC 9111 §4.3.4: a 304 updates a stored response, it is not stored itself
                arguments("does not store a 304", "GET", NO_HEADERS, 304, cc("max-age=60"), rfc(),
                        refused("status 304")),
                // RFC 9111 §5.2.1.5: the request's no-store forbids storing the response
                arguments("does not store a response to a request with no-store", "GET", cc("no-store"), 200,
                        cc("max-age=60"), rfc(), refused("request no-store")),
                // RFC 9111 §5.2.2.5
                arguments("does not store a response with no-store", "GET", NO_HEADERS, 200,
                        cc("max-age=60, no-store"), rfc(), refused("no-store")),
                // RFC 9111 §5.2.2.5: obeyed even when the route ignores Cache-Control
                arguments("does not store no-store even when the route ignores Cache-Control", "GET", NO_HEADERS,
                        200, cc("no-store"), rfc().ignoringCacheControl().routeTtl(200, 60), refused("no-store")),
                // RFC 9111 §5.2.2.7
                arguments("does not store a private response", "GET", NO_HEADERS, 200, cc("private, max-age=60"),
                        rfc(), refused("private")),
                // RFC 9111 §5.2.2.7: qualified private treated as unqualified
                arguments("does not store a response with qualified private", "GET", NO_HEADERS, 200,
                        cc("private=\"Set-Cookie\", max-age=60"), rfc(), refused("private")),
                // RFC 9111 §5.2.2.7: obeyed even when the route ignores Cache-Control
                arguments("does not store private even when the route ignores Cache-Control", "GET", NO_HEADERS,
                        200, cc("private"), rfc().ignoringCacheControl().routeTtl(200, 60), refused("private")),
                // RFC 9111 §5.2.2.7: private on a second Cache-Control line
                arguments("does not store a response marked private on a second line", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Cache-Control", "private"), rfc(),
                        refused("private")),
                // RFC 9111 §3.5
                arguments("does not store a response to an authorized request by default", "GET", AUTHORIZED, 200,
                        cc("max-age=60"), rfc(), refused("authorization")),
                // RFC 9111 §3.5: public allows sharing
                arguments("stores a response marked public even when the request carried Authorization", "GET",
                        AUTHORIZED, 200, cc("public, max-age=60"), rfc(), stored(60, MAX_AGE)),
                // RFC 9111 §3.5: s-maxage allows sharing
                arguments("stores a response with s-maxage even when the request carried Authorization", "GET",
                        AUTHORIZED, 200, cc("s-maxage=60"), rfc(), stored(60, S_MAXAGE)),
                // RFC 9111 §3.5: must-revalidate allows sharing
                arguments("stores a must-revalidate response even when the request carried Authorization", "GET",
                        AUTHORIZED, 200, cc("must-revalidate, max-age=60"), rfc(),
                        staleForbidden(stored(60, MAX_AGE))),
                // RFC 9111 §3.5: decided on the real Cache-Control even when the route ignores it
                arguments("stores an authorized public response when the route ignores Cache-Control", "GET",
                        AUTHORIZED, 200, cc("public"), rfc().ignoringCacheControl().routeTtl(200, 30),
                        stored(30, ROUTE_TTL)),
                // RFC 9111 §3.5: a route TTL does not make an authorized response shareable
                arguments("does not store an authorized response on the strength of a route TTL", "GET", AUTHORIZED,
                        200, NO_HEADERS, rfc().routeTtl(200, 30), refused("authorization")),
                // RFC 6265 §8, RFC 9111 §7.3: a shared cache must not hand one user's cookie to another
                arguments("does not store a response that sets a cookie", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Set-Cookie", "id=1"), rfc(),
                        refused("set-cookie")),
                // route rule: Set-Cookie ignored, so the cookie is stripped
                arguments("stores a cookie-setting response without its cookie when the route ignores Set-Cookie",
                        "GET", NO_HEADERS, 200, HeaderList.of("Cache-Control", "max-age=60", "Set-Cookie", "id=1"),
                        rfc().ignoringSetCookie(), strippingSetCookie(stored(60, MAX_AGE))),
                // route rule: nothing to strip without Set-Cookie
                arguments("does not ask to strip cookies from a response without Set-Cookie", "GET", NO_HEADERS,
                        200, cc("max-age=60"), rfc().ignoringSetCookie(), stored(60, MAX_AGE)),
                // RFC 9111 §4.1: Vary: * never matches
                arguments("does not store a response with Vary: *", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Vary", "*"), rfc(), refused("vary *")),
                // RFC 9111 §4.1: a * among other names still never matches
                arguments("does not store a response varying on * among other fields", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Vary", "Accept-Encoding", "Vary", "*"), rfc(),
                        refused("vary *")),
                // RFC 9111 §4.1: other Vary values are stored, one variant per request
                arguments("stores a response varying on Accept-Encoding", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=60", "Vary", "Accept-Encoding"), rfc(),
                        stored(60, MAX_AGE)),
                // nginx X-Accel-Expires: 0 disables caching, whatever Cache-Control says
                arguments("does not store a response with X-Accel-Expires: 0", "GET", NO_HEADERS, 200,
                        HeaderList.of("X-Accel-Expires", " 0 ", "Cache-Control", "s-maxage=600"), rfc(),
                        refused("x-accel-expires 0")),
                // route rule: X-Accel-Expires ignored
                arguments("stores despite X-Accel-Expires: 0 when the route ignores it", "GET", NO_HEADERS, 200,
                        HeaderList.of("X-Accel-Expires", "0", "Cache-Control", "s-maxage=600"),
                        rfc().ignoringXAccelExpires(), stored(600, S_MAXAGE)),
                // nginx X-Accel-Expires: highest priority, even when the route ignores Cache-Control
                arguments("takes X-Accel-Expires when the route ignores Cache-Control", "GET", NO_HEADERS, 200,
                        HeaderList.of("X-Accel-Expires", "90", "Cache-Control", "no-cache"),
                        rfc().ignoringCacheControl(), stored(90, X_ACCEL_EXPIRES)),
                // RFC 9111 §3: a status that is not heuristically cacheable needs explicit freshness
                arguments("does not store a 302 without explicit freshness", "GET", NO_HEADERS, 302,
                        HeaderList.of("Location", "/x", "ETag", "\"1\""), rfc().staleWhileRevalidate(60),
                        refused("status 302 without explicit freshness")),
                // RFC 9111 §3: explicit freshness makes any final status storable
                arguments("stores a 302 with max-age", "GET", NO_HEADERS, 302, cc("max-age=60"), rfc(),
                        stored(60, MAX_AGE)),
                // RFC 9111 §3: explicit freshness makes any final status storable
                arguments("stores a 503 with Expires", "GET", NO_HEADERS, 503,
                        HeaderList.of("Date", DATE, "Expires", HttpDate.format(NOW + 5)), rfc(), stored(5, EXPIRES)),
                // route rule: a route TTL may cover a status without explicit freshness
                arguments("stores a 500 under a route TTL", "GET", NO_HEADERS, 500, NO_HEADERS,
                        rfc().routeTtl(500, 5), stored(5, ROUTE_TTL)),
                // RFC 9111 §3: public alone gives no lifetime to a status that is not heuristically cacheable
                arguments("does not store a public 302 without freshness", "GET", NO_HEADERS, 302, cc("public"),
                        rfc(), refused("status 302 without explicit freshness")),
                // RFC 9111 §4.2: nothing to reuse without freshness, windows or a validator
                arguments("does not store a 200 that says nothing about freshness", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", DATE), rfc(), refused("no freshness")),
                // RFC 9111 §4.2.1: invalid max-age means stale; without a validator nothing is reusable
                arguments("does not store a response with max-age=0 and no validator", "GET", NO_HEADERS, 200,
                        cc("max-age=0"), rfc(), refused("no freshness")),
                // RFC 9111 §4.3.1: a stale response with an ETag can be revalidated
                arguments("stores a response with max-age=0 and an ETag for revalidation", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "max-age=0", "ETag", "\"v1\""), rfc(), stored(0, MAX_AGE)),
                // RFC 9111 §4.3.1: a stale response with Last-Modified can be revalidated
                arguments("stores a response with max-age=0 and Last-Modified for revalidation", "GET", NO_HEADERS,
                        200, HeaderList.of("Cache-Control", "max-age=0", "Last-Modified", DATE), rfc(),
                        stored(0, MAX_AGE)),
                // RFC 9111 §5.3: Expires: 0 is explicit (already expired) freshness
                arguments("stores an already expired response with an ETag for revalidation", "GET", NO_HEADERS,
                        200, HeaderList.of("Expires", "0", "ETag", "\"v1\""), rfc(), stored(0, EXPIRES)),
                // RFC 9111 §4.2.2: a validator alone gives no explicit freshness
                arguments("does not store a response whose only freshness information is an ETag", "GET",
                        NO_HEADERS, 200, HeaderList.of("ETag", "\"v1\""), rfc(), refused("no freshness")),
                // RFC 9111 §5.2.2.4: no-cache is stored for revalidation only
                arguments("stores a no-cache response with an ETag, to be revalidated on every use", "GET",
                        NO_HEADERS, 200, HeaderList.of("Cache-Control", "no-cache", "ETag", "\"v1\""), rfc(),
                        revalidatingAlways(stored(0, NONE))),
                // RFC 9111 §5.2.2.4: qualified no-cache treated as unqualified
                arguments("treats qualified no-cache as no-cache", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "no-cache=\"Set-Cookie\", max-age=60", "ETag", "\"v1\""),
                        rfc(), revalidatingAlways(stored(60, MAX_AGE))),
                // RFC 9111 §5.2.2.4: no-cache without a validator cannot be revalidated cheaply
                arguments("does not store a no-cache response without a validator", "GET", NO_HEADERS, 200,
                        cc("no-cache, max-age=60"), rfc(), refused("no-cache without validator")),
                // RFC 5861 §3: the origin's stale-while-revalidate gives a window
                arguments("keeps the origin's stale-while-revalidate window", "GET", NO_HEADERS, 200,
                        cc("max-age=60, stale-while-revalidate=30"), rfc(), withWindows(stored(60, MAX_AGE), 30, 0)),
                // RFC 5861 §4: the origin's stale-if-error gives a window
                arguments("keeps the origin's stale-if-error window", "GET", NO_HEADERS, 200,
                        cc("max-age=60, stale-if-error=600"), rfc(), withWindows(stored(60, MAX_AGE), 0, 600)),
                // RFC 5861: the origin's windows win over the route's
                arguments("prefers the origin's stale windows over the route's", "GET", NO_HEADERS, 200,
                        cc("max-age=60, stale-while-revalidate=10, stale-if-error=20"),
                        rfc().staleWhileRevalidate(100).staleIfError(200), withWindows(stored(60, MAX_AGE), 10, 20)),
                // RFC 5861: an explicit zero window from the origin still wins
                arguments("keeps the origin's zero stale window over the route's", "GET", NO_HEADERS, 200,
                        cc("max-age=60, stale-while-revalidate=0"), rfc().staleWhileRevalidate(100),
                        withWindows(stored(60, MAX_AGE), 0, 0)),
                // RFC 5861 §3: the origin's explicit window is honoured next to s-maxage (design choice: only
                // must-revalidate, proxy-revalidate and no-cache close the windows, see RFC 9111 §5.2.2.10)
                arguments("keeps the origin's stale-while-revalidate alongside s-maxage", "GET", NO_HEADERS, 200,
                        cc("s-maxage=1, stale-while-revalidate=59"), rfc(), withWindows(stored(1, S_MAXAGE), 59, 0)),
                // RFC 9111 §4.2.4: configuration may allow stale serving when the origin is silent
                arguments("uses the route's stale windows when the origin is silent", "GET", NO_HEADERS, 200,
                        cc("max-age=60"), rfc().staleWhileRevalidate(100).staleIfError(200),
                        withWindows(stored(60, MAX_AGE), 100, 200)),
                // RFC 5861 §3: a response without freshness is still useful within a stale window
                arguments("stores a response without freshness when a route window applies", "GET", NO_HEADERS,
                        200, HeaderList.of("Date", DATE), rfc().staleWhileRevalidate(30),
                        withWindows(stored(0, NONE), 30, 0)),
                // RFC 5861 §4: a response without freshness is still useful within a stale window
                arguments("stores a response with max-age=0 when the origin gives stale-if-error", "GET", NO_HEADERS,
                        200, cc("max-age=0, stale-if-error=60"), rfc(), withWindows(stored(0, MAX_AGE), 0, 60)),
                // RFC 9111 §5.2.2.2, §4.2.4: must-revalidate forbids stale serving
                arguments("closes the stale windows of a must-revalidate response", "GET", NO_HEADERS, 200,
                        cc("max-age=60, must-revalidate, stale-while-revalidate=30, stale-if-error=30"),
                        rfc().staleWhileRevalidate(100).staleIfError(100), staleForbidden(stored(60, MAX_AGE))),
                // RFC 9111 §5.2.2.8, §4.2.4: proxy-revalidate forbids stale serving in a shared cache
                arguments("closes the stale windows of a proxy-revalidate response", "GET", NO_HEADERS, 200,
                        cc("max-age=60, proxy-revalidate"), rfc().staleWhileRevalidate(100).staleIfError(100),
                        staleForbidden(stored(60, MAX_AGE))),
                // RFC 9111 §5.2.2.4, §4.2.4: no-cache forbids stale serving
                arguments("closes the stale windows of a no-cache response", "GET", NO_HEADERS, 200,
                        HeaderList.of("Cache-Control", "no-cache, stale-while-revalidate=30", "ETag", "\"v\""),
                        rfc().staleIfError(100), revalidatingAlways(stored(0, NONE))),
                // route rule: ignored Cache-Control drops the origin's freshness for the route TTL
                arguments("uses the route TTL instead of max-age when the route ignores Cache-Control", "GET",
                        NO_HEADERS, 200, cc("max-age=5"), rfc().ignoringCacheControl().routeTtl(200, 300),
                        stored(300, ROUTE_TTL)),
                // route rule: ignored Cache-Control drops must-revalidate and the origin's stale windows
                arguments("ignores must-revalidate and the origin's windows when the route ignores Cache-Control",
                        "GET", NO_HEADERS, 200, cc("must-revalidate, stale-while-revalidate=1"),
                        rfc().ignoringCacheControl().routeTtl(200, 300).staleWhileRevalidate(100),
                        withWindows(stored(300, ROUTE_TTL), 100, 0)),
                // route rule: ignored Cache-Control drops no-cache too
                arguments("ignores no-cache when the route ignores Cache-Control", "GET", NO_HEADERS, 200,
                        cc("no-cache"), rfc().ignoringCacheControl().routeTtl(200, 300), stored(300, ROUTE_TTL)),
                // RFC 9111 §4.2.2: heuristic freshness makes a response storable
                arguments("stores a 200 with Last-Modified under heuristic freshness", "GET", NO_HEADERS, 200,
                        HeaderList.of("Date", DATE, "Last-Modified", HttpDate.format(NOW - 1000)), rfc(),
                        stored(100, HEURISTIC)),
                // route rule: heuristics turned off
                arguments("does not store a 200 with only Last-Modified when heuristics are off", "GET", NO_HEADERS,
                        200, HeaderList.of("Date", DATE, "Last-Modified", HttpDate.format(NOW - 1000)),
                        rfc().withoutHeuristics(), refused("no freshness")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesWhetherToStore(String behaviour, String method, HeaderList request, int status,
                               HeaderList response, Rules rules, StoreDecision expected) {
        assertThat(Storability.decide(method, request, status, response, rules.build(), NOW)).isEqualTo(expected);
    }

    // RFC 9110 §15.1: the heuristically cacheable statuses
    @ParameterizedTest(name = "status {0} heuristically cacheable: {1}")
    @CsvSource({
            "200, true", "203, true", "204, true", "206, true", "300, true", "301, true", "308, true",
            "404, true", "405, true", "410, true", "414, true", "501, true",
            "201, false", "202, false", "302, false", "303, false", "307, false", "400, false", "401, false",
            "403, false", "500, false", "502, false", "503, false", "504, false"})
    void knowsTheHeuristicallyCacheableStatuses(int status, boolean cacheable) {
        assertThat(Storability.heuristicallyCacheable(status)).isEqualTo(cacheable);
    }
}
