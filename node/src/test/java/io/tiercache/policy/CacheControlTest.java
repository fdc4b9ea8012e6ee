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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("CacheControl: parsing Cache-Control (RFC 9111 §5.2, RFC 5861)")
class CacheControlTest {

    private static final long CAP = CacheControl.DELTA_SECONDS_CAP;

    static Stream<Arguments> singleLines() {
        return Stream.of(
                // RFC 9111 §5.2.2.1
                arguments("reads max-age", "max-age=60", none().maxAge(60)),
                // RFC 9111 §5.2.2.10
                arguments("reads s-maxage", "s-maxage=120", none().sMaxAge(120)),
                // RFC 9111 §5.2.2.4
                arguments("reads no-cache", "no-cache", none().noCache()),
                // RFC 9111 §5.2.2.5
                arguments("reads no-store", "no-store", none().noStore()),
                // RFC 9111 §5.2.2.7
                arguments("reads private", "private", none().isPrivate()),
                // RFC 9111 §5.2.2.9
                arguments("reads public", "public", none().isPublic()),
                // RFC 9111 §5.2.2.2
                arguments("reads must-revalidate", "must-revalidate", none().mustRevalidate()),
                // RFC 9111 §5.2.2.8
                arguments("reads proxy-revalidate", "proxy-revalidate", none().proxyRevalidate()),
                // RFC 9111 §5.2.1.7
                arguments("reads only-if-cached", "only-if-cached", none().onlyIfCached()),
                // RFC 8246 §2
                arguments("reads immutable", "immutable", none().immutable()),
                // RFC 9111 §5.2.1.2
                arguments("reads max-stale with a value", "max-stale=30", none().maxStale(30)),
                // RFC 9111 §5.2.1.2
                arguments("reads max-stale without a value as any staleness", "max-stale",
                        none().maxStale(CacheControl.ANY_STALENESS)),
                // RFC 9111 §5.2.1.3
                arguments("reads min-fresh", "min-fresh=10", none().minFresh(10)),
                // RFC 5861 §3
                arguments("reads stale-while-revalidate", "stale-while-revalidate=30", none().staleWhileRevalidate(30)),
                // RFC 5861 §4
                arguments("reads stale-if-error", "stale-if-error=600", none().staleIfError(600)),
                // RFC 9111 §5.2: directive names are case-insensitive
                arguments("reads directive names in any case", "MAX-AGE=60, No-Store, Public",
                        none().maxAge(60).noStore().isPublic()),
                // RFC 9111 §5.2: recipients accept the quoted-string form of an argument
                arguments("reads a quoted max-age", "max-age=\"60\"", none().maxAge(60)),
                // RFC 9111 §5.2.2.4: qualified no-cache, read conservatively as unqualified
                arguments("treats qualified no-cache as no-cache", "no-cache=\"Set-Cookie\"", none().noCache()),
                // RFC 9111 §5.2.2.7: qualified private, read conservatively as unqualified
                arguments("treats qualified private with a comma inside the quotes as private",
                        "private=\"Set-Cookie, X-Token\", max-age=60", none().isPrivate().maxAge(60)),
                // RFC 9110 §5.6.4: a quoted-pair escapes a quote inside a quoted string
                arguments("reads past an escaped quote in a quoted value", "ext=\"a\\\"b, c\", max-age=5",
                        none().maxAge(5)),
                // RFC 9111 §5.2.3: unrecognised extension directives are ignored
                arguments("ignores unknown extension directives", "community=\"UCI\", foo, max-age=5",
                        none().maxAge(5)),
                // RFC 9110 §5.6.1: optional whitespace around list elements
                arguments("tolerates whitespace around directives", "  max-age=60 ,\tpublic  ",
                        none().maxAge(60).isPublic()),
                // RFC 9110 §5.6.1: empty list elements are ignored
                arguments("skips empty list elements", ", ,max-age=5,,", none().maxAge(5)),
                // RFC 9111 §4.2.1: the first occurrence of a repeated directive is used
                arguments("uses the first max-age when repeated", "max-age=60, max-age=10", none().maxAge(60)),
                // RFC 9111 §4.2.1: the first occurrence of a repeated directive is used
                arguments("uses the first s-maxage when repeated", "s-maxage=5, s-maxage=500", none().sMaxAge(5)),
                // RFC 9111 §4.2.1: an invalid first occurrence still wins, making the response stale
                arguments("lets an invalid first max-age win over a later valid one", "max-age=abc, max-age=60",
                        none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats a non-numeric max-age as stale", "max-age=abc", none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats a negative max-age as stale", "max-age=-1", none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats a fractional max-age as stale", "max-age=1.5", none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats max-age without a value as stale", "max-age", none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats an empty max-age as stale", "max-age=", none().maxAge(0)),
                // RFC 9111 §4.2.1: invalid freshness information means stale
                arguments("treats an invalid s-maxage as stale", "s-maxage=soon", none().sMaxAge(0)),
                // RFC 9111 §1.2.2: delta-seconds at the cap is kept
                arguments("keeps a max-age just under 2^31", "max-age=2147483647", none().maxAge(2147483647L)),
                // RFC 9111 §1.2.2: delta-seconds above 2^31 becomes 2^31
                arguments("caps a max-age of exactly 2^31", "max-age=2147483648", none().maxAge(CAP)),
                // RFC 9111 §1.2.2: delta-seconds far above 2^31 becomes 2^31
                arguments("caps an overflowing max-age at 2^31", "max-age=99999999999999999999999",
                        none().maxAge(CAP)),
                // RFC 9111 §1.2.2: delta-seconds above 2^31 becomes 2^31
                arguments("caps an overflowing stale-while-revalidate at 2^31",
                        "stale-while-revalidate=4294967296", none().staleWhileRevalidate(CAP)),
                // RFC 9111 §5.2.1.3: a min-fresh that is not delta-seconds is ignored
                arguments("ignores an invalid min-fresh", "min-fresh=abc", none()),
                // RFC 5861 §3: a stale-while-revalidate that is not delta-seconds is ignored
                arguments("ignores an invalid stale-while-revalidate", "stale-while-revalidate=x",
                        none()),
                // RFC 9111 §5.2.1.2: a max-stale that is not delta-seconds is ignored
                arguments("ignores an invalid max-stale", "max-stale=-5", none()),
                // RFC 9111 §5.2
                arguments("reads an empty field as no directives", "", none()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("singleLines")
    void parsesOneLine(String behaviour, String value, Directives expected) {
        assertThat(CacheControl.parse(value)).isEqualTo(expected.build());
    }

    // RFC 9110 §5.3: several field lines form one list, in order
    @Test
    void combinesDirectivesFromSeveralLines() {
        assertThat(CacheControl.parse(List.of("public", "max-age=60", "stale-if-error=30")))
                .isEqualTo(none().isPublic().maxAge(60).staleIfError(30).build());
    }

    // RFC 9111 §4.2.1: first occurrence wins, also across field lines
    @Test
    void usesTheFirstOccurrenceAcrossLines() {
        assertThat(CacheControl.parse(List.of("max-age=60", "max-age=10")).maxAge()).isEqualTo(60);
    }

    // RFC 9110 §5.1, §5.3: field names are case-insensitive and every line counts
    @Test
    void readsEveryCacheControlLineOfAHeaderBlock() {
        HeaderList headers = HeaderList.of("cache-control", "public", "Content-Type", "text/html",
                "CACHE-CONTROL", "s-maxage=30");
        assertThat(CacheControl.of(headers)).isEqualTo(none().isPublic().sMaxAge(30).build());
    }

    // RFC 9111 §5.2
    @Test
    void readsNoDirectivesWithoutCacheControl() {
        assertThat(CacheControl.of(HeaderList.of("Expires", "0"))).isSameAs(CacheControl.NONE);
        assertThat(CacheControl.NONE).isEqualTo(none().build());
    }

    // RFC 9111 §5.2.2.1, §5.2.2.10: -1 marks an absent directive, 0 a present one
    @ParameterizedTest(name = "{0} -> hasMaxAge={1}, hasSMaxAge={2}")
    @CsvSource(delimiter = '|', value = {
            "''                    | false | false",
            "max-age=0             | true  | false",
            "s-maxage=0            | false | true",
            "max-age=abc           | true  | false",
            "max-age=1, s-maxage=2 | true  | true"})
    void tellsWhetherFreshnessDirectivesArePresent(String value, boolean hasMaxAge, boolean hasSMaxAge) {
        CacheControl cc = CacheControl.parse(value);
        assertThat(cc.hasMaxAge()).isEqualTo(hasMaxAge);
        assertThat(cc.hasSMaxAge()).isEqualTo(hasSMaxAge);
    }

    // RFC 9111 §1.2.2: delta-seconds = 1*DIGIT, capped at 2^31; -1 when invalid
    @ParameterizedTest(name = "delta-seconds \"{0}\" = {1}")
    @CsvSource(nullValues = "NULL", value = {
            "0, 0",
            "007, 7",
            "86400, 86400",
            "2147483647, 2147483647",
            "2147483648, 2147483648",
            "2147483649, 2147483648",
            "123456789012345678901234567890, 2147483648",
            "'21474836480x', -1",
            "'', -1",
            "NULL, -1",
            "' 5', -1",
            "'+5', -1",
            "'5s', -1"})
    void parsesDeltaSeconds(String value, long expected) {
        assertThat(CacheControl.deltaSeconds(value)).isEqualTo(expected);
    }
}
