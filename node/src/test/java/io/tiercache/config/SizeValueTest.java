package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeValueTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0,     0",
            "1234,  1234",
            "1k,    1024",
            "512K,  524288",
            "2kb,   2048",
            "2KiB,  2048",
            "64m,   67108864",
            "64MB,  67108864",
            "64mib, 67108864",
            "1g,    1073741824",
            "3Gb,   3221225472",
            "2GIB,  2147483648",
    })
    void parsesBytesAndPowersOf1024(String text, long bytes) {
        assertThat(SizeValue.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "64 m", "64megs", "1.5g", "-1", "1t", "k", "64mbb", "64ib"})
    void rejectsAnythingElseQuotingTheTextAndTheSyntax(String text) {
        assertThatThrownBy(() -> SizeValue.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size; use bytes or a number with k, m or g such as 512k, 64m or 1g");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"99999999999999999999", "9999999999999g"})
    void rejectsSizesTooLargeToHold(String text) {
        assertThatThrownBy(() -> SizeValue.parse(text)).hasMessage("'" + text + "' is too large a size");
    }

    @ParameterizedTest(name = "{0} bytes prints as {1}")
    @CsvSource({
            "0,          0",
            "1000,       1000",
            "1536,       1536",
            "1024,       1k",
            "1572864,    1536k",
            "67108864,   64m",
            "1073741824, 1g",
    })
    void formatsInTheLargestExactUnit(long bytes, String text) {
        assertThat(SizeValue.format(bytes)).isEqualTo(text);
        assertThat(SizeValue.parse(text)).isEqualTo(bytes);
    }
}
