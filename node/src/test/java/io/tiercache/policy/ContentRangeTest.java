package io.tiercache.policy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ContentRange: the part a 206 holds (RFC 9110 §14.4)")
class ContentRangeTest {

    @Test
    @DisplayName("reads a part with a known or unknown complete length")
    void parses() {
        assertThat(ContentRange.parse("bytes 0-1023/4096")).isEqualTo(new ContentRange(0, 1023, 4096));
        assertThat(ContentRange.parse("Bytes 10-19/*")).isEqualTo(new ContentRange(10, 19, ContentRange.UNKNOWN));
        assertThat(ContentRange.parse("bytes 0-4095/4096").whole()).isTrue();
        assertThat(ContentRange.parse("bytes 0-1023/4096").whole()).isFalse();
        assertThat(new ContentRange(5, 9, 10).header()).isEqualTo("bytes 5-9/10");
    }

    @ParameterizedTest(name = "{0} is no part")
    @ValueSource(strings = {"bytes */4096", "bytes 5-4/10", "bytes 0-10/10", "items 0-1/2", "bytes 0-1", "bytes a-b/c",
            "bytes 0-1/x", ""})
    void rejects(String value) {
        assertThat(ContentRange.parse(value)).isNull();
    }
}
