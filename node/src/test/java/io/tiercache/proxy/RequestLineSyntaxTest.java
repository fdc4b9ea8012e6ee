package io.tiercache.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The request-line checks of {@link StrictRequestDecoder} (RFC 9112 §2.3, §3.2), one string at a time. */
class RequestLineSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9"})
    void acceptsHttpVersions(String version) {
        assertThat(StrictRequestDecoder.isHttpVersion(version)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http/1.1", "HTTX/1.1", "HTTP/1", "HTTP/1.10", "HTTP/11", "HTTP/a.1", "HTTP/1.b",
            "HTTPS/1.1", " HTTP/1.1", "HTTP/1,1"})
    void refusesAnythingElseAsAVersion(String version) {
        assertThat(StrictRequestDecoder.isHttpVersion(version)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a/b?c=d", "//double", "http://example.test/x", "HTTPS://example.test",
            "h2+x.-9://a", "http://"})
    void acceptsOriginAndAbsoluteForms(String target) {
        assertThat(StrictRequestDecoder.isOriginOrAbsoluteForm(target)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8080/x", "example.test:443", "1http://x", "http:/x", "http//x", "-a://x", "x",
            "*", "/a\rb", "/a\nb", "http://a\u2028b"})
    void refusesOtherTargets(String target) {
        assertThat(StrictRequestDecoder.isOriginOrAbsoluteForm(target)).isFalse();
    }
}
