package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("NormalisedPath: one spelling per path (RFC 3986 §6.2.2)")
class NormalisedPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // already normal: returned as it is
            "/                        | /",
            "/api/me                  | /api/me",
            "/blog/post/              | /blog/post/",
            // §6.2.2.2: unreserved characters decoded, other encodings with upper-case hex
            "/%61pi/me                | /api/me",
            "/%7Euser/%2d%2E%5f       | /~user/-._",
            "/caf%c3%a9               | /caf%C3%A9",
            "/a%20b                   | /a%20b",
            "/%25                     | /%25",
            // %2F stays encoded, in either case
            "/api%2fme                | /api%2Fme",
            "/api%2Fme                | /api%2Fme",
            // §5.2.4 dot segments, also when spelled %2E
            "/./api/me                | /api/me",
            "/x/../api/me             | /api/me",
            "/x/%2e%2E/api/me         | /api/me",
            "/a/b/.                   | /a/b/",
            "/a/b/..                  | /a/",
            "/a/..                    | /",
            "/a/.hidden/..x           | /a/.hidden/..x",
            // empty segments collapsed, as nginx merge_slashes does
            "//api/me                 | /api/me",
            "/api//me                 | /api/me",
            "/api/me//                | /api/me/",
            "///                      | /",
            // characters a path may not hold raw are encoded, so each spelling is one path
            "/a\"b<c>d\\e^f`g{h}i     | /a%22b%3Cc%3Ed%5Ce%5Ef%60g%7Bh%7Di",
            "/a#b[c]                  | /a%23b%5Bc%5D",
    })
    void normalises(String raw, String normal) {
        assertThat(NormalisedPath.of(raw).path()).isEqualTo(normal);
    }

    @Test
    void subDelimitersColonAndAtStayRawAndABarIsEncoded() {
        assertThat(NormalisedPath.of("/a:b@c;d=e,f!$&'()*+").path()).isEqualTo("/a:b@c;d=e,f!$&'()*+");
        assertThat(NormalisedPath.of("/a|b").path()).isEqualTo("/a%7Cb");
    }

    @Test
    void rawBytesOfTheRequestLineAreEncoded() {
        // The HTTP/1.1 decoder hands the request line over one char per byte: "é" in UTF-8 is two.
        assertThat(NormalisedPath.of("/caf\u00c3\u00a9").path()).isEqualTo("/caf%C3%A9");
    }

    @Test
    void aNormalPathIsReturnedWithoutCopying() {
        String raw = "/blog/2025/11/a-longer-article-slug";

        NormalisedPath normalised = NormalisedPath.of(raw);

        assertThat(normalised.path()).isSameAs(raw);
        assertThat(normalised.slashed()).isSameAs(raw);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api%2Fme           | /api/me",
            "/api%2f%2Fme        | /api/me",
            "/blog%2F..%2Fapi/me | /api/me",
            "/a%2F.%2Fb          | /a/b",
    })
    void routesSeeEncodedSlashesAsSlashesNormalisedAgain(String raw, String slashed) {
        NormalisedPath normalised = NormalisedPath.of(raw);

        assertThat(normalised.slashed()).isEqualTo(slashed);
        assertThat(normalised.path()).contains("%2F");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "/..                | the path climbs above the root",
            "/a/../..           | the path climbs above the root",
            "/%2e%2e/etc/passwd | the path climbs above the root",
            "/a%2F..%2F..%2Fb   | the path climbs above the root",
            "/a%00b             | control character in the path",
            "/a%0d%0aSet-Cookie | control character in the path",
            "/a%7F              | control character in the path",
            "/a%                | malformed percent-encoding in the path",
            "/a%4               | malformed percent-encoding in the path",
            "/a%zz              | malformed percent-encoding in the path",
            "/a%\u0661\u0662    | malformed percent-encoding in the path",
            "api/me             | the path does not start with '/'",
    })
    void refusesPathsWithoutASafeNormalForm(String raw, String reason) {
        assertThatThrownBy(() -> NormalisedPath.of(raw))
                .isInstanceOf(NormalisedPath.Invalid.class)
                .hasMessage(reason);
    }

    @Test
    void refusesRawControlCharactersAndCharsNoByteGives() {
        assertThatThrownBy(() -> NormalisedPath.of("/a\u0001b")).hasMessage("control character in the path");
        assertThatThrownBy(() -> NormalisedPath.of("/a\u0100b"))
                .hasMessage("character outside the request line's byte range in the path");
    }
}
