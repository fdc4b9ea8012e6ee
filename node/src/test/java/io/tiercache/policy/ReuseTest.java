package io.tiercache.policy;

import static io.tiercache.policy.Reuse.FRESH;
import static io.tiercache.policy.Reuse.REVALIDATE;
import static io.tiercache.policy.Reuse.STALE_ACCEPTED;
import static io.tiercache.policy.Reuse.STALE_WHILE_REVALIDATE;
import static io.tiercache.policy.Stored.freshFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Reuse: may a stored response answer this request (RFC 9111 §4.2, §4.2.4, §5.2.1; RFC 5861)")
class ReuseTest {

    private static final ClientDirectives SILENT = ClientDirectives.NONE;

    private static ClientDirectives client(String cacheControl) {
        return ClientDirectives.of(HeaderList.of("Cache-Control", cacheControl), true);
    }

    private static ClientDirectives ignoredClient(String cacheControl) {
        return ClientDirectives.of(HeaderList.of("Cache-Control", cacheControl), false);
    }

    private static long seconds(long s) {
        return s * 1000;
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // RFC 9111 §4.2: fresh while freshness_lifetime > current_age
                arguments("serves a response younger than its lifetime", freshFor(60), seconds(59), SILENT, FRESH),
                // RFC 9111 §4.2: a brand-new response is fresh
                arguments("serves a response of age zero", freshFor(60), 0, SILENT, FRESH),
                // RFC 9111 §4.2: fresh one millisecond before expiry
                arguments("serves a response one millisecond before expiry", freshFor(60), seconds(60) - 1, SILENT,
                        FRESH),
                // RFC 9111 §4.2: stale once current_age reaches freshness_lifetime
                arguments("revalidates a response whose age equals its lifetime", freshFor(60), seconds(60), SILENT,
                        REVALIDATE),
                // RFC 9111 §4.2.4: stale and nothing allows stale serving
                arguments("revalidates a stale response without stale windows", freshFor(60), seconds(600), SILENT,
                        REVALIDATE),
                // RFC 9111 §4.2: a zero lifetime is never fresh
                arguments("revalidates a response with a zero lifetime", freshFor(0), 0, SILENT, REVALIDATE),
                // RFC 9111 §5.2.2.4: no-cache needs validation even when fresh
                arguments("revalidates a fresh no-cache response", freshFor(60).revalidatingAlways(), 0, SILENT,
                        REVALIDATE),
                // RFC 9111 §5.2.1.4: the client's no-cache
                arguments("revalidates a fresh response for a client sending no-cache", freshFor(60), seconds(1),
                        client("no-cache"), REVALIDATE),
                // RFC 9111 §5.4: Pragma: no-cache without Cache-Control
                arguments("revalidates a fresh response for a client sending Pragma: no-cache", freshFor(60),
                        seconds(1), ClientDirectives.of(HeaderList.of("Pragma", "no-cache"), true), REVALIDATE),
                // route rule: client directives not honoured
                arguments("serves a fresh response to a no-cache client when the route ignores the client",
                        freshFor(60), seconds(1), ignoredClient("no-cache"), FRESH),
                // route rule: client directives not honoured
                arguments("serves a fresh response despite Pragma: no-cache when the route ignores the client",
                        freshFor(60), seconds(1), ClientDirectives.of(HeaderList.of("Pragma", "no-cache"), false),
                        FRESH),
                // RFC 9111 §5.2.1.1: the client's max-age
                arguments("revalidates a fresh response older than the client's max-age", freshFor(60), seconds(11),
                        client("max-age=10"), REVALIDATE),
                // RFC 9111 §5.2.1.1: "less than or equal to"
                arguments("serves a fresh response exactly as old as the client's max-age", freshFor(60),
                        seconds(10), client("max-age=10"), FRESH),
                // RFC 9111 §5.2.1.1: max-age=0 asks for a response of age zero
                arguments("revalidates for a client sending max-age=0", freshFor(60), 1, client("max-age=0"),
                        REVALIDATE),
                // route rule: client directives not honoured
                arguments("ignores the client's max-age when the route ignores the client", freshFor(60),
                        seconds(11), ignoredClient("max-age=10"), FRESH),
                // RFC 9111 §5.2.1.3: freshness left must be at least min-fresh
                arguments("serves a fresh response with exactly min-fresh left", freshFor(60), seconds(50),
                        client("min-fresh=10"), FRESH),
                // RFC 9111 §5.2.1.3: freshness left must be at least min-fresh
                arguments("revalidates a fresh response with less than min-fresh left", freshFor(60), seconds(51),
                        client("min-fresh=10"), REVALIDATE),
                // route rule: client directives not honoured
                arguments("ignores the client's min-fresh when the route ignores the client", freshFor(60),
                        seconds(51), ignoredClient("min-fresh=10"), FRESH),
                // RFC 5861 §3: served stale while one refresh runs
                arguments("serves a response stale within stale-while-revalidate",
                        freshFor(60).staleWhileRevalidate(30), seconds(89), SILENT, STALE_WHILE_REVALIDATE),
                // RFC 5861 §3: served stale at the very start of the window
                arguments("serves a response stale-while-revalidate at the moment it expires",
                        freshFor(60).staleWhileRevalidate(30), seconds(60), SILENT, STALE_WHILE_REVALIDATE),
                // RFC 5861 §3: the window is N seconds after expiry
                arguments("revalidates once stale-while-revalidate has run out",
                        freshFor(60).staleWhileRevalidate(30), seconds(90), SILENT, REVALIDATE),
                // RFC 5861 §3: a response stored with a window and no lifetime
                arguments("serves a response without lifetime within its route window",
                        freshFor(0).staleWhileRevalidate(30), seconds(10), SILENT, STALE_WHILE_REVALIDATE),
                // RFC 5861 §4: stale-if-error is no licence to serve stale on success
                arguments("revalidates a stale response that only has stale-if-error", freshFor(60).staleIfError(600),
                        seconds(61), SILENT, REVALIDATE),
                // RFC 9111 §4.2.4, §5.2.2.2: must-revalidate forbids stale serving
                arguments("revalidates a stale must-revalidate response despite a stale window",
                        freshFor(60).staleWhileRevalidate(30).forbiddingStale(), seconds(61), SILENT, REVALIDATE),
                // RFC 9111 §5.2.2.2: still fresh is still fresh
                arguments("serves a fresh must-revalidate response", freshFor(60).forbiddingStale(), seconds(30),
                        SILENT, FRESH),
                // RFC 9111 §5.2.1.2: max-stale with a value
                arguments("serves a stale response within the client's max-stale", freshFor(60), seconds(70),
                        client("max-stale=10"), STALE_ACCEPTED),
                // RFC 9111 §5.2.1.2: "by no more than the specified number of seconds"
                arguments("revalidates a response stale for longer than the client's max-stale", freshFor(60),
                        seconds(70) + 1, client("max-stale=10"), REVALIDATE),
                // RFC 9111 §5.2.1.2: max-stale without a value accepts any staleness
                arguments("serves a response of any staleness for max-stale without a value", freshFor(60),
                        seconds(86_400 * 365), client("max-stale"), STALE_ACCEPTED),
                // RFC 9111 §5.2.1.2: max-stale at the 2^31 cap
                arguments("serves a response within a capped max-stale", freshFor(60), seconds(2_000_000_000L),
                        client("max-stale=99999999999"), STALE_ACCEPTED),
                // route rule: client directives not honoured
                arguments("ignores the client's max-stale when the route ignores the client", freshFor(60),
                        seconds(70), ignoredClient("max-stale=10"), REVALIDATE),
                // RFC 9111 §5.2.2.2: must-revalidate wins over the client's max-stale
                arguments("revalidates a must-revalidate response despite the client's max-stale",
                        freshFor(60).forbiddingStale(), seconds(61), client("max-stale"), REVALIDATE),
                // RFC 9111 §5.2.1.1, §5.2.1.2: max-stale does not lift the client's own max-age
                arguments("revalidates when max-stale accepts but the client's max-age does not", freshFor(60),
                        seconds(70), client("max-age=65, max-stale=30"), REVALIDATE),
                // RFC 9111 §5.2.1.1: the client's max-age also closes the stale-while-revalidate window
                arguments("revalidates within stale-while-revalidate when the client's max-age is exceeded",
                        freshFor(60).staleWhileRevalidate(30), seconds(70), client("max-age=65"), REVALIDATE),
                // RFC 5861 §3: the client's max-age within the window still allows stale-while-revalidate
                arguments("serves stale-while-revalidate when the client's max-age still allows it",
                        freshFor(60).staleWhileRevalidate(30), seconds(70), client("max-age=75"),
                        STALE_WHILE_REVALIDATE),
                // soft purge: a fresh entry is served stale while it refreshes
                arguments("serves a soft-purged fresh response stale while it refreshes", freshFor(60).softlyPurged(),
                        seconds(1), SILENT, STALE_WHILE_REVALIDATE),
                // soft purge: whatever its age, even without a window
                arguments("serves a soft-purged response long expired stale while it refreshes",
                        freshFor(60).softlyPurged(), seconds(86_400), SILENT, STALE_WHILE_REVALIDATE),
                // soft purge: must-revalidate still forbids stale serving (RFC 9111 §4.2.4)
                arguments("revalidates a soft-purged must-revalidate response", freshFor(60).forbiddingStale()
                        .softlyPurged(), seconds(1), SILENT, REVALIDATE),
                // soft purge: no-cache still needs validation (RFC 9111 §5.2.2.4)
                arguments("revalidates a soft-purged no-cache response", freshFor(60).revalidatingAlways()
                        .softlyPurged(), seconds(1), SILENT, REVALIDATE),
                // soft purge: a client's max-stale still triggers the refresh the purge asked for
                arguments("serves a soft-purged response stale while it refreshes even to a max-stale client",
                        freshFor(60).softlyPurged(), seconds(1), client("max-stale=10"), STALE_WHILE_REVALIDATE),
                // soft purge: RFC 9111 §5.2.1.4, the client's no-cache still counts
                arguments("revalidates a soft-purged response for a no-cache client", freshFor(60).softlyPurged(),
                        seconds(1), client("no-cache"), REVALIDATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesHowToReuse(String behaviour, Stored stored, long ageMillis, ClientDirectives client, Reuse expected) {
        assertThat(Reuse.decide(stored, ageMillis, client)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // RFC 9111 §4.3.3: a fresh response may stand in when validation fails
                arguments("serves a fresh response when the origin fails", freshFor(60), seconds(30), true),
                // RFC 5861 §4: within stale-if-error
                arguments("serves a stale response within stale-if-error", freshFor(60).staleIfError(600),
                        seconds(600), true),
                // RFC 5861 §4: at the very start of the window
                arguments("serves a response within stale-if-error at the moment it expires",
                        freshFor(60).staleIfError(600), seconds(60), true),
                // RFC 5861 §4: the window is N seconds after expiry
                arguments("does not serve a response once stale-if-error has run out", freshFor(60).staleIfError(600),
                        seconds(660), false),
                // RFC 9111 §4.2.4: stale and nothing allows stale serving
                arguments("does not serve a stale response without stale-if-error", freshFor(60), seconds(61), false),
                // RFC 9111 §4.2, §4.2.4: stale from the moment age reaches lifetime; no window, no stale serving
                arguments("does not serve a response without stale-if-error at the moment it expires", freshFor(60),
                        seconds(60), false),
                // RFC 5861 §4: stale-while-revalidate is no licence to serve on error
                arguments("does not serve a response that only has stale-while-revalidate",
                        freshFor(60).staleWhileRevalidate(600), seconds(61), false),
                // RFC 9111 §4.2.4, §5.2.2.2: must-revalidate forbids stale serving, even on error
                arguments("does not serve a stale must-revalidate response on error",
                        freshFor(60).staleIfError(600).forbiddingStale(), seconds(61), false),
                // RFC 9111 §5.2.2.4: no-cache is never served without validation
                arguments("does not serve a no-cache response on error", freshFor(60).revalidatingAlways(),
                        seconds(1), false),
                // soft purge: a soft-purged response not yet expired may stand in for an error
                arguments("serves a soft-purged response that has not expired on error", freshFor(60).softlyPurged(),
                        seconds(1), true),
                // soft purge: an expired soft-purged response only within stale-if-error
                arguments("does not serve an expired soft-purged response past stale-if-error",
                        freshFor(60).softlyPurged().staleIfError(10), seconds(71), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void decidesWhetherToStandInForAnError(String behaviour, Stored stored, long ageMillis, boolean expected) {
        assertThat(Reuse.mayServeOnError(stored, ageMillis)).isEqualTo(expected);
    }
}
