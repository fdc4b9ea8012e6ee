package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("NotModifiedUpdate: freshening a stored response with a 304 (RFC 9111 §3.2, §4.3.4)")
class NotModifiedUpdateTest {

    private static HeaderList etag(String value) {
        return HeaderList.of("ETag", value);
    }

    static Stream<Arguments> identifications() {
        return Stream.of(
                // RFC 9111 §4.3.4: the same strong validator identifies the stored response
                arguments("applies a 304 carrying the stored strong ETag", etag("\"v1\""), etag("\"v1\""), true),
                // RFC 9111 §4.3.4: another strong validator names another representation
                arguments("does not apply a 304 carrying a different strong ETag", etag("\"v1\""), etag("\"v2\""),
                        false),
                // RFC 9111 §4.3.4, RFC 9110 §8.8.1: the weak form is the tag of a transformation of that
                // representation (a copy this cache compressed or decoded); the origin matched it when it was
                // sent in If-None-Match, which is compared weakly (RFC 9110 §13.1.2)
                arguments("applies a 304 with a strong ETag to a response stored with its weak form",
                        etag("W/\"v1\""), etag("\"v1\""), true),
                // RFC 9111 §4.3.4: another strong validator names another representation, weak copy or not
                arguments("does not apply a 304 with a strong ETag to a response stored with another weak one",
                        etag("W/\"v1\""), etag("\"v2\""), false),
                // RFC 9111 §4.3.4: a strong validator only identifies responses with that strong validator
                arguments("does not apply a 304 with an ETag to a response stored without one", HeaderList.EMPTY,
                        etag("\"v1\""), false),
                // RFC 9111 §4.3.4: a weak validator identifies the stored response that corresponds to it
                arguments("applies a 304 with a weak ETag matching the stored weak ETag", etag("W/\"v1\""),
                        etag("W/\"v1\""), true),
                // RFC 9111 §4.3.4: a weak validator corresponds under the weak comparison
                arguments("applies a 304 with a weak ETag to a response stored with the strong form",
                        etag("\"v1\""), etag("W/\"v1\""), true),
                // RFC 9111 §4.3.4: a weak validator that corresponds to nothing
                arguments("does not apply a 304 with a different weak ETag", etag("W/\"v1\""), etag("W/\"v2\""),
                        false),
                // RFC 9111 §4.3.4: without a validator the 304 answers our own conditional request
                arguments("applies a 304 without ETag", etag("\"v1\""), HeaderList.of("Date", "x"), true),
                // RFC 9111 §4.3.4: an unreadable ETag is no validator
                arguments("applies a 304 whose ETag is malformed", etag("\"v1\""), etag("v2"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifications")
    void decidesWhetherA304UpdatesTheStoredResponse(String behaviour, HeaderList stored, HeaderList notModified,
                                                   boolean applies) {
        assertThat(NotModifiedUpdate.applies(stored, notModified)).isEqualTo(applies);
    }

    private static final HeaderList STORED = HeaderList.of(
            "Date", "Sun, 06 Nov 1994 08:00:00 GMT",
            "Content-Type", "text/html",
            "Content-Length", "1234",
            "Cache-Control", "max-age=60",
            "Vary", "Accept-Encoding",
            "X-Served-By", "origin-a",
            "X-Served-By", "origin-b",
            "ETag", "\"v1\"");

    static Stream<Arguments> merges() {
        return Stream.of(
                // RFC 9111 §3.2: fields of the 304 replace the stored ones; untouched fields keep their order
                arguments("replaces the 304's fields and keeps the other stored fields in order",
                        HeaderList.of("Date", "Sun, 06 Nov 1994 09:00:00 GMT", "Cache-Control", "max-age=600"),
                        HeaderList.of(
                                "Content-Type", "text/html",
                                "Content-Length", "1234",
                                "Vary", "Accept-Encoding",
                                "X-Served-By", "origin-a",
                                "X-Served-By", "origin-b",
                                "ETag", "\"v1\"",
                                "Date", "Sun, 06 Nov 1994 09:00:00 GMT",
                                "Cache-Control", "max-age=600")),
                // RFC 9111 §3.2: a field new in the 304 is added
                arguments("adds a field the stored response did not have", HeaderList.of("Expires", "0"),
                        storedPlus("Expires", "0")),
                // RFC 9110 §5.1, RFC 9111 §3.2: names match whatever their case
                arguments("replaces a stored field whose name differs only in case", HeaderList.of("etag", "\"v1\""),
                        HeaderList.of(
                                "Date", "Sun, 06 Nov 1994 08:00:00 GMT",
                                "Content-Type", "text/html",
                                "Content-Length", "1234",
                                "Cache-Control", "max-age=60",
                                "Vary", "Accept-Encoding",
                                "X-Served-By", "origin-a",
                                "X-Served-By", "origin-b",
                                "etag", "\"v1\"")),
                // RFC 9111 §3.2: all stored lines of a field give way to all of the 304's lines
                arguments("replaces every line of a repeated field with the 304's lines",
                        HeaderList.of("X-Served-By", "origin-c", "x-served-by", "origin-d"),
                        HeaderList.of(
                                "Date", "Sun, 06 Nov 1994 08:00:00 GMT",
                                "Content-Type", "text/html",
                                "Content-Length", "1234",
                                "Cache-Control", "max-age=60",
                                "Vary", "Accept-Encoding",
                                "ETag", "\"v1\"",
                                "X-Served-By", "origin-c",
                                "x-served-by", "origin-d")),
                // RFC 9111 §3.2: Content-Length of a 304 does not describe the stored body
                arguments("keeps the stored Content-Length", HeaderList.of("Content-Length", "0"), STORED),
                // RFC 9111 §3.1, §3.2, RFC 9110 §7.6.1: hop-by-hop fields are not stored
                arguments("does not store hop-by-hop fields of the 304",
                        HeaderList.of("Connection", "keep-alive", "Keep-Alive", "timeout=5",
                                "Transfer-Encoding", "chunked", "Upgrade", "h2c", "TE", "trailers",
                                "Trailer", "X-Checksum", "Proxy-Connection", "keep-alive",
                                "Proxy-Authenticate", "Basic"),
                        STORED),
                // RFC 9111 §3.1, RFC 9110 §7.6.1: fields named in Connection are hop-by-hop
                arguments("does not store fields that the 304's Connection names",
                        HeaderList.of("Connection", "X-Trace, x-hop", "X-Trace", "abc", "X-Hop", "1",
                                "Expires", "0"),
                        storedPlus("Expires", "0")));
    }

    private static HeaderList storedPlus(String name, String value) {
        return HeaderList.builder().addAll(STORED).add(name, value).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void mergesThe304IntoTheStoredHeaders(String behaviour, HeaderList notModified, HeaderList expected) {
        assertThat(NotModifiedUpdate.merge(STORED, notModified)).isEqualTo(expected);
    }

    // RFC 9111 §3.2: nothing to update
    @Test
    void returnsTheStoredHeadersWhenThe304AddsNothing() {
        assertThat(NotModifiedUpdate.merge(STORED, HeaderList.EMPTY)).isSameAs(STORED);
        assertThat(NotModifiedUpdate.merge(STORED, HeaderList.of("Content-Length", "0", "Connection", "close")))
                .isSameAs(STORED);
    }

    // RFC 9110 §8.8.1: a copy this cache transformed keeps its weak tag when the 304 brings the strong form
    @Test
    void keepsAStoredWeakTagWhenThe304CarriesItsStrongForm() {
        HeaderList stored = HeaderList.of("Content-Encoding", "gzip", "ETag", "W/\"v1\"", "Cache-Control", "max-age=60");

        assertThat(NotModifiedUpdate.merge(stored, HeaderList.of("ETag", "\"v1\"", "Cache-Control", "max-age=600")))
                .isEqualTo(HeaderList.of("Content-Encoding", "gzip", "ETag", "W/\"v1\"", "Cache-Control", "max-age=600"));
        assertThat(NotModifiedUpdate.merge(stored, HeaderList.of("ETag", "W/\"v2\"")))
                .isEqualTo(HeaderList.of("Content-Encoding", "gzip", "Cache-Control", "max-age=60", "ETag", "W/\"v2\""));
    }
}
