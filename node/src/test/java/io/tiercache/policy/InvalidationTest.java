package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Invalidation: unsafe requests invalidate stored responses (RFC 9111 §4.4)")
class InvalidationTest {

    private static final URI TARGET = URI.create("https://shop.example/cart/items");

    private static URI uri(String value) {
        return URI.create(value);
    }

    // RFC 9110 §9.2.1: safe methods, plus the WebDAV reads; methods are case-sensitive (§9.1)
    @ParameterizedTest(name = "{0} safe: {1}")
    @CsvSource({
            "GET, true", "HEAD, true", "OPTIONS, true", "TRACE, true", "PROPFIND, true", "REPORT, true",
            "SEARCH, true",
            "POST, false", "PUT, false", "DELETE, false", "PATCH, false", "CONNECT, false", "PURGE, false",
            "BREW, false", "get, false"})
    void knowsTheSafeMethods(String method, boolean safe) {
        assertThat(Invalidation.isSafe(method)).isEqualTo(safe);
    }

    static Stream<Arguments> invalidations() {
        return Stream.of(
                // RFC 9111 §4.4: the target URI of a successful unsafe request
                arguments("invalidates the target of a successful POST", "POST", 200, HeaderList.EMPTY,
                        List.of(TARGET)),
                // RFC 9111 §4.4: any non-error status
                arguments("invalidates the target of a DELETE answered 204", "DELETE", 204, HeaderList.EMPTY,
                        List.of(TARGET)),
                // RFC 9111 §4.4: 3xx is a non-error status
                arguments("invalidates the target of a POST answered 303", "POST", 303, HeaderList.EMPTY,
                        List.of(TARGET)),
                // RFC 9111 §4.4: methods whose safety is unknown count as unsafe
                arguments("invalidates the target of an unknown method", "BREW", 200, HeaderList.EMPTY,
                        List.of(TARGET)),
                // RFC 9110 §9.1: methods are case-sensitive, so "get" is an unknown (unsafe) method
                arguments("invalidates the target of a lower-case get", "get", 200, HeaderList.EMPTY,
                        List.of(TARGET)),
                // RFC 9111 §4.4: a relative Location on the same origin
                arguments("invalidates a relative Location", "POST", 201, HeaderList.of("Location", "/cart/items/7"),
                        List.of(TARGET, uri("https://shop.example/cart/items/7"))),
                // RFC 9111 §4.4, RFC 3986 §5.2: a relative reference resolved against the target
                arguments("resolves a path-relative Location against the target", "POST", 201,
                        HeaderList.of("Location", "items/../basket"),
                        List.of(TARGET, uri("https://shop.example/cart/basket"))),
                // RFC 9111 §4.4: an absolute Content-Location on the same origin
                arguments("invalidates a same-origin Content-Location", "PUT", 200,
                        HeaderList.of("Content-Location", "https://shop.example/cart"),
                        List.of(TARGET, uri("https://shop.example/cart"))),
                // RFC 9111 §4.4: both fields
                arguments("invalidates both Location and Content-Location", "POST", 201,
                        HeaderList.of("Location", "/a", "Content-Location", "/b"),
                        List.of(TARGET, uri("https://shop.example/a"), uri("https://shop.example/b"))),
                // RFC 9111 §4.4: one invalidation per URI
                arguments("invalidates a URI named twice only once", "POST", 201,
                        HeaderList.of("Location", "/a", "Content-Location", "https://shop.example/a"),
                        List.of(TARGET, uri("https://shop.example/a"))),
                // RFC 6454 §4: the default port is the same origin
                arguments("treats the default port as the same origin", "POST", 201,
                        HeaderList.of("Location", "https://shop.example:443/a"),
                        List.of(TARGET, uri("https://shop.example:443/a"))),
                // RFC 6454 §4: host names compare case-insensitively
                arguments("treats a host in another case as the same origin", "POST", 201,
                        HeaderList.of("Location", "https://SHOP.example/a"),
                        List.of(TARGET, uri("https://SHOP.example/a"))),
                // RFC 9111 §4.4: never another origin's URIs
                arguments("does not invalidate a Location on another host", "POST", 201,
                        HeaderList.of("Location", "https://evil.example/cart"), List.of(TARGET)),
                // RFC 9111 §4.4: never another origin's URIs
                arguments("does not invalidate a network-path Location on another host", "POST", 201,
                        HeaderList.of("Location", "//evil.example/cart"), List.of(TARGET)),
                // RFC 9111 §4.4: another scheme is another origin
                arguments("does not invalidate a Content-Location on another scheme", "POST", 200,
                        HeaderList.of("Content-Location", "http://shop.example/cart"), List.of(TARGET)),
                // RFC 9111 §4.4: another port is another origin
                arguments("does not invalidate a Location on another port", "POST", 201,
                        HeaderList.of("Location", "https://shop.example:8443/cart"), List.of(TARGET)),
                // RFC 9111 §4.4: an unreadable reference is skipped
                arguments("skips a malformed Location", "POST", 201, HeaderList.of("Location", "/a b|c"),
                        List.of(TARGET)),
                // RFC 9111 §4.4: an empty reference is skipped
                arguments("skips a blank Location", "POST", 201, HeaderList.of("Location", "  "), List.of(TARGET)),
                // RFC 9111 §4.4: safe methods invalidate nothing
                arguments("does not invalidate for a GET", "GET", 200, HeaderList.of("Location", "/a"), List.of()),
                // RFC 9111 §4.4: safe methods invalidate nothing
                arguments("does not invalidate for a HEAD", "HEAD", 200, HeaderList.EMPTY, List.of()),
                // RFC 9111 §4.4: safe methods invalidate nothing
                arguments("does not invalidate for an OPTIONS", "OPTIONS", 204, HeaderList.EMPTY, List.of()),
                // RFC 9111 §4.4: only for a non-error status
                arguments("does not invalidate after a 404", "DELETE", 404, HeaderList.EMPTY, List.of()),
                // RFC 9111 §4.4: only for a non-error status
                arguments("does not invalidate after a 400", "POST", 400, HeaderList.EMPTY, List.of()),
                // RFC 9111 §4.4: only for a non-error status
                arguments("does not invalidate after a 500", "POST", 500, HeaderList.of("Location", "/a"), List.of()),
                // RFC 9111 §4.4: an interim response is not the outcome
                arguments("does not invalidate on an interim 100", "POST", 100, HeaderList.EMPTY, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidations")
    void listsTheUrisToInvalidate(String behaviour, String method, int status, HeaderList response,
                                  List<URI> expected) {
        assertThat(Invalidation.targets(method, status, TARGET, response)).isEqualTo(expected);
    }

    // RFC 6454 §4: an origin is scheme, host and port, with default ports filled in
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "http://a.example/x, http://a.example:80/y, true",
            "https://a.example/x, https://a.example:443/y, true",
            "HTTPS://a.example/x, https://A.EXAMPLE/y, true",
            "http://a.example/x, https://a.example/x, false",
            "http://a.example/x, http://b.example/x, false",
            "http://a.example:8080/x, http://a.example/x, false",
            "http://a.example/x, /relative, false"})
    void comparesOrigins(String a, String b, boolean same) {
        assertThat(Invalidation.sameOrigin(URI.create(a), URI.create(b))).isEqualTo(same);
    }
}
