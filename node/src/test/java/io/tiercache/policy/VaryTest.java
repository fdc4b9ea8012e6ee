package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Vary: choosing a stored variant by the request's fields (RFC 9111 §4.1)")
class VaryTest {

    static Stream<Arguments> varyFields() {
        return Stream.of(
                // RFC 9111 §4.1: no Vary, one variant
                arguments("no Vary", HeaderList.EMPTY, List.of()),
                // RFC 9110 §12.5.5: Vary = #field-name; names are case-insensitive
                arguments("one field", HeaderList.of("Vary", "Accept-Encoding"), List.of("accept-encoding")),
                // RFC 9110 §12.5.5: the list, sorted so that the order of the names does not matter
                arguments("several fields", HeaderList.of("Vary", "User-Agent, Accept-Encoding"),
                        List.of("accept-encoding", "user-agent")),
                // RFC 9110 §5.6.1: whitespace and empty list elements
                arguments("whitespace and empty elements", HeaderList.of("Vary", " ,Accept ,, Cookie\t,"),
                        List.of("accept", "cookie")),
                // RFC 9110 §5.3: several Vary lines
                arguments("several lines", HeaderList.of("Vary", "Accept", "vary", "Accept-Language"),
                        List.of("accept", "accept-language")),
                // RFC 9110 §5.1: the same name in two cases is one field
                arguments("duplicates in different cases", HeaderList.of("Vary", "accept-encoding, ACCEPT-ENCODING"),
                        List.of("accept-encoding")),
                // RFC 9110 §12.5.5: "*" alone
                arguments("Vary: *", HeaderList.of("Vary", "*"), List.of("*")),
                // RFC 9111 §4.1: "*" among other names still always fails to match
                arguments("* among other names", HeaderList.of("Vary", "Accept", "Vary", "Cookie, *"), List.of("*")),
                // RFC 9110 §12.5.5: an empty Vary names no field
                arguments("an empty Vary", HeaderList.of("Vary", ""), List.of()));
    }

    @ParameterizedTest(name = "reads the field names of {0}")
    @MethodSource("varyFields")
    void readsTheVaryFieldNames(String behaviour, HeaderList response, List<String> expected) {
        assertThat(Vary.fieldNames(response)).isEqualTo(expected);
    }

    // RFC 9111 §4.1: "*" always fails to match
    @Test
    void recognisesTheWildcard() {
        assertThat(Vary.isWildcard(List.of("*"))).isTrue();
        assertThat(Vary.isWildcard(List.of("accept"))).isFalse();
        assertThat(Vary.isWildcard(List.of())).isFalse();
    }

    private static final List<String> CHARSET = List.of("accept-charset");

    static Stream<Arguments> sameVariant() {
        return Stream.of(
                // RFC 9111 §4.1: identical values select the same variant
                arguments("identical values", CHARSET, HeaderList.of("Accept-Charset", "utf-8"),
                        HeaderList.of("Accept-Charset", "utf-8"), true),
                // RFC 9111 §4.1: whitespace may be normalised
                arguments("whitespace around commas", CHARSET, HeaderList.of("Accept-Charset", "utf-8, latin1"),
                        HeaderList.of("Accept-Charset", "utf-8,latin1"), true),
                // RFC 9111 §4.1: whitespace may be normalised
                arguments("whitespace around parameters", CHARSET, HeaderList.of("Accept-Charset", "latin1 ; q=0.5"),
                        HeaderList.of("Accept-Charset", "latin1;q=0.5"), true),
                // RFC 9111 §4.1: whitespace may be normalised
                arguments("runs of whitespace inside a member", List.of("x-device"),
                        HeaderList.of("X-Device", "smart   tv"), HeaderList.of("X-Device", "smart tv"), true),
                // RFC 9110 §5.6.1: empty list members carry no meaning
                arguments("empty list members", CHARSET, HeaderList.of("Accept-Charset", "utf-8,,latin1,"),
                        HeaderList.of("Accept-Charset", "utf-8, latin1"), true),
                // RFC 9110 §12.5.2: charset names are case-insensitive
                arguments("the case of a charset", CHARSET, HeaderList.of("Accept-Charset", "UTF-8"),
                        HeaderList.of("Accept-Charset", "utf-8"), true),
                // RFC 9110 §8.5.1: language tags are case-insensitive
                arguments("the case of a language tag", List.of("accept-language"),
                        HeaderList.of("Accept-Language", "en-US"), HeaderList.of("Accept-Language", "en-us"), true),
                // RFC 9111 §4.1: the case of other fields' values may matter
                arguments("the case of an arbitrary field", List.of("x-device"), HeaderList.of("X-Device", "Mobile"),
                        HeaderList.of("X-Device", "mobile"), false),
                // RFC 9111 §4.1: combining several lines into one is a normalisation
                arguments("several lines against one combined line", CHARSET,
                        HeaderList.of("Accept-Charset", "utf-8", "accept-charset", "latin1"),
                        HeaderList.of("Accept-Charset", "utf-8, latin1"), true),
                // RFC 9111 §4.1: different values select different variants
                arguments("different values", CHARSET, HeaderList.of("Accept-Charset", "utf-8"),
                        HeaderList.of("Accept-Charset", "latin1"), false),
                // RFC 9111 §4.1: the order of members is kept, so reordered lists differ
                arguments("the same members in another order", CHARSET, HeaderList.of("Accept-Charset", "utf-8, latin1"),
                        HeaderList.of("Accept-Charset", "latin1, utf-8"), false),
                // RFC 9111 §4.1: a field absent in both requests matches
                arguments("the field absent from both", CHARSET, HeaderList.EMPTY, HeaderList.of("Accept", "*/*"),
                        true),
                // RFC 9111 §4.1: absent and present do not match
                arguments("the field absent from one", CHARSET, HeaderList.EMPTY,
                        HeaderList.of("Accept-Charset", "utf-8"), false),
                // RFC 9111 §4.1: an empty field is not an absent field
                arguments("an empty field against an absent one", CHARSET, HeaderList.of("Accept-Charset", ""),
                        HeaderList.EMPTY, false),
                // RFC 9111 §4.1: every varying field must match
                arguments("one of two fields differing", List.of("accept-charset", "accept-language"),
                        HeaderList.of("Accept-Charset", "utf-8", "Accept-Language", "en"),
                        HeaderList.of("Accept-Charset", "utf-8", "Accept-Language", "fr"), false),
                // RFC 9111 §4.1: fields outside Vary do not matter
                arguments("fields outside Vary differing", CHARSET,
                        HeaderList.of("Accept-Charset", "utf-8", "User-Agent", "a"),
                        HeaderList.of("Accept-Charset", "utf-8", "User-Agent", "b"), true),
                // RFC 9110 §5.1: request field names are case-insensitive
                arguments("request field names in another case", CHARSET, HeaderList.of("ACCEPT-CHARSET", "utf-8"),
                        HeaderList.of("accept-charset", "utf-8"), true));
    }

    @ParameterizedTest(name = "selects the same variant for {0}: {4}")
    @MethodSource("sameVariant")
    void selectsVariantsByNormalisedValues(String behaviour, List<String> fields, HeaderList first, HeaderList second,
                                           boolean same) {
        assertThat(Vary.variantKey(fields, first).equals(Vary.variantKey(fields, second))).isEqualTo(same);
    }

    // RFC 9111 §4.1: the key lists each varying field with its normalised value
    @Test
    void spellsTheVariantKeyOutFieldByField() {
        List<String> fields = List.of("accept-encoding", "accept-language", "x-device");
        HeaderList request = HeaderList.of("Accept-Encoding", " GZIP ,  br", "X-Device", "");
        assertThat(Vary.variantKey(fields, request))
                .isEqualTo("accept-encoding=br\naccept-language\u0000\nx-device=\n");
    }

    // RFC 9111 §4.1: without Vary every request selects the one variant
    @Test
    void usesAnEmptyKeyWithoutVary() {
        assertThat(Vary.variantKey(List.of(), HeaderList.of("Accept-Encoding", "gzip"))).isEmpty();
    }

    private static final List<String> BY_LANGUAGE = List.of("accept-language");

    private static String languageKey(String acceptLanguage) {
        return Vary.variantKey(BY_LANGUAGE, HeaderList.of("Accept-Language", acceptLanguage));
    }

    // RFC 9111 §4.1: Accept-Language spellings of identical meaning select one variant
    @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            // RFC 4647 §2: language ranges are case-insensitive
            "eN, De                  | en, de",
            // RFC 9110 §5.6.1: whitespace around list members and parameters
            "' en ,   de'            | en,de",
            // RFC 9110 §12.4.2: equal weights, so order means nothing
            "de, en                  | en, de",
            // RFC 9110 §12.4.2: a missing weight is 1; trailing zeros mean nothing
            "en;q=1.000, fr;q=0.50   | en, fr;q=0.5",
            "fr;q=0.5, en            | en, fr;q=0.5",
            "'en ; q=0.8, de;Q=0.8'  | de;q=0.8,en;q=0.8"})
    void normalisesAcceptLanguage(String spelling, String same) {
        assertThat(languageKey(spelling)).isEqualTo(languageKey(same));
    }

    // RFC 9111 §4.1: different preferences are different variants
    @ParameterizedTest(name = "\"{0}\" is not \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "en, de;q=0.5 | de, en;q=0.5",
            "en           | en-us",
            "en, fr;q=0   | en"})
    void keepsDifferentPreferencesApart(String one, String other) {
        assertThat(languageKey(one)).isNotEqualTo(languageKey(other));
    }

    // RFC 9111 §4.1: qvalues choose among stored responses; the request's own key comes first
    @Test
    void offersTheKeysOfTheMostPreferredLanguagesAfterItsOwn() {
        HeaderList request = HeaderList.of("Accept-Language", "fr;q=0.5, de;q=1.0, en");

        assertThat(Vary.variantKeys(BY_LANGUAGE, request)).containsExactly(
                Vary.variantKey(BY_LANGUAGE, request), languageKey("de"), languageKey("en"));
        assertThat(Vary.variantKeys(BY_LANGUAGE, HeaderList.of("Accept-Language", "*"))).hasSize(1);
        assertThat(Vary.variantKeys(BY_LANGUAGE, HeaderList.EMPTY)).hasSize(1);
        assertThat(Vary.variantKeys(List.of("x-device"), request)).hasSize(1);
    }

    // RFC 9111 §4.1: a response in a language the request preferred most is stored under that language
    @Test
    void storesAResponseInAMostPreferredLanguageUnderThatLanguage() {
        HeaderList request = HeaderList.of("Accept-Language", "en, de");

        assertThat(Vary.storedVariantKey(BY_LANGUAGE, request, HeaderList.of("Content-Language", "DE"), true))
                .isEqualTo(languageKey("de"));
        // Not among the most preferred, several languages, or none: the request's own key.
        assertThat(Vary.storedVariantKey(BY_LANGUAGE, HeaderList.of("Accept-Language", "fr, de;q=0.5"),
                HeaderList.of("Content-Language", "de"), true)).isEqualTo(languageKey("fr, de;q=0.5"));
        assertThat(Vary.storedVariantKey(BY_LANGUAGE, request, HeaderList.of("Content-Language", "en, de"), true))
                .isEqualTo(Vary.variantKey(BY_LANGUAGE, request));
        assertThat(Vary.storedVariantKey(BY_LANGUAGE, request, HeaderList.EMPTY, true))
                .isEqualTo(Vary.variantKey(BY_LANGUAGE, request));
    }
}
