package io.tiercache.policy;

import static io.tiercache.policy.Directives.none;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ResponseDirectives: which field this cache decides by (RFC 9213, Edge Architecture 1.0)")
class ResponseDirectivesTest {

    private static final List<String> TARGETS = List.of("Tiercache-Cache-Control", "CDN-Cache-Control");

    private static ResponseDirectives of(String... fields) {
        return ResponseDirectives.of(HeaderList.of(fields), TARGETS);
    }

    static Stream<Arguments> targetedValues() {
        return Stream.of(
                // RFC 9213 §2.1: directives keep the meaning they have in Cache-Control
                arguments("max-age=600", none().maxAge(600)),
                arguments("s-maxage=60, max-age=600", none().sMaxAge(60).maxAge(600)),
                arguments("no-store", none().noStore()),
                arguments("no-cache", none().noCache()),
                arguments("private", none().isPrivate()),
                arguments("must-revalidate, proxy-revalidate, public", none().mustRevalidate().proxyRevalidate()
                        .isPublic()),
                arguments("stale-while-revalidate=30, stale-if-error=300", none().staleWhileRevalidate(30)
                        .staleIfError(300)),
                arguments("no-store, must-understand", none().noStore().mustUnderstand()),
                // RFC 9213 §2.1: no-cache and private may carry field names in a String
                arguments("no-cache=\"Set-Cookie\", private=\"X-User\"", none().noCache().isPrivate()),
                // RFC 9213 §2.1: parameters are ignored
                arguments("max-age=60;foo=bar", none().maxAge(60)),
                // RFC 9213 §2.1: values of the wrong type are not consumed; bad freshness is stale (RFC 9111 §4.2.1)
                arguments("max-age=1.5", none().maxAge(0)),
                arguments("max-age=\"60\"", none().maxAge(0)),
                arguments("max-age=-1", none().maxAge(0)),
                arguments("no-store=?0, max-age=60", none().maxAge(60)),
                arguments("no-store=1, max-age=60", none().maxAge(60)),
                arguments("stale-if-error=soon, max-age=60", none().maxAge(60)),
                // RFC 9111 §1.2.2: delta-seconds beyond 2^31 are capped
                arguments("max-age=999999999999", none().maxAge(CacheControl.DELTA_SECONDS_CAP)),
                // RFC 9213 §3: a value with no known directive still replaces Cache-Control
                arguments("none", none()));
    }

    @ParameterizedTest(name = "CDN-Cache-Control: {0}")
    @MethodSource("targetedValues")
    void readsATargetedFieldAsCacheControlDirectives(String value, Directives expected) {
        ResponseDirectives directives = of("Cache-Control", "no-store", "CDN-Cache-Control", value);

        assertThat(directives.cacheControl()).isEqualTo(expected.build());
        assertThat(directives.field()).isEqualTo("CDN-Cache-Control");
        assertThat(directives.expiresApplies()).isFalse();
    }

    // RFC 9213 §2.2: the first field of the target list that is present and valid wins
    @Test
    void takesTheFirstTargetedFieldInListOrder() {
        ResponseDirectives directives = of("CDN-Cache-Control", "max-age=60", "Tiercache-Cache-Control", "max-age=5");

        assertThat(directives.field()).isEqualTo("Tiercache-Cache-Control");
        assertThat(directives.cacheControl().maxAge()).isEqualTo(5);
    }

    // RFC 9213 §2.1: an invalid or empty targeted field is ignored as if absent
    @ParameterizedTest(name = "Tiercache-Cache-Control: \"{0}\"")
    @ValueSource(strings = {"max-age=60,", "Max-Age=60", "max-age=60 no-store", "", "  "})
    void skipsAnInvalidTargetedField(String invalid) {
        ResponseDirectives directives = of("Tiercache-Cache-Control", invalid, "CDN-Cache-Control", "max-age=30",
                "Cache-Control", "max-age=10");

        assertThat(directives.field()).isEqualTo("CDN-Cache-Control");
        assertThat(directives.cacheControl().maxAge()).isEqualTo(30);
    }

    // RFC 9213 §2.2: without a valid targeted field, Cache-Control and Expires apply
    @Test
    void fallsBackToCacheControlWithoutAValidTargetedField() {
        ResponseDirectives directives = of("CDN-Cache-Control", "max-age=60,", "Cache-Control", "max-age=10");

        assertThat(directives.field()).isEqualTo("Cache-Control");
        assertThat(directives.cacheControl().maxAge()).isEqualTo(10);
        assertThat(directives.expiresApplies()).isTrue();
    }

    // RFC 9213 §2.2: targeted fields not on the target list change nothing
    @Test
    void ignoresTargetedFieldsOffTheTargetList() {
        ResponseDirectives directives = of("Other-CDN-Cache-Control", "max-age=600", "Cache-Control", "max-age=10");

        assertThat(directives.cacheControl().maxAge()).isEqualTo(10);
    }

    static Stream<Arguments> surrogateValues() {
        return Stream.of(
                // Edge Architecture 1.0 §3: max-age, and the grace period after "+" unused
                arguments("max-age=300", none().maxAge(300)),
                arguments("max-age=300+60", none().maxAge(300)),
                arguments("no-store", none().noStore()),
                arguments("content=\"ESI/1.0\", max-age=30", none().maxAge(30)),
                // Edge Architecture 1.0 §3: a directive targeted at another device is not for this cache
                arguments("max-age=30;other, no-store", none().noStore()));
    }

    @ParameterizedTest(name = "Surrogate-Control: {0}")
    @MethodSource("surrogateValues")
    void readsSurrogateControlWhenNoTargetedFieldApplies(String value, Directives expected) {
        ResponseDirectives directives = of("Cache-Control", "private", "Surrogate-Control", value);

        assertThat(directives.field()).isEqualTo("Surrogate-Control");
        assertThat(directives.cacheControl()).isEqualTo(expected.build());
        assertThat(directives.expiresApplies()).isFalse();
    }

    // Edge Architecture 1.0: without max-age or no-store it says nothing about caching
    @ParameterizedTest(name = "Surrogate-Control: {0}")
    @ValueSource(strings = {"content=\"ESI/1.0\"", "max-age=30;other", "no-store-remote", "max-age=soon"})
    void fallsBackToCacheControlWhenSurrogateControlSaysNothingItObeys(String value) {
        assertThat(of("Cache-Control", "max-age=10", "Surrogate-Control", value).field()).isEqualTo("Cache-Control");
    }

    // RFC 9213 §2.2: a targeted field comes before Surrogate-Control
    @Test
    void takesATargetedFieldOverSurrogateControl() {
        assertThat(of("Surrogate-Control", "max-age=5", "CDN-Cache-Control", "max-age=60").field())
                .isEqualTo("CDN-Cache-Control");
    }
}
