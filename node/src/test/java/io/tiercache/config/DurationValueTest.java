package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationValueTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "500ms, 500",
            "0ms,   0",
            "30s,   30000",
            "10m,   600000",
            "24h,   86400000",
            "30d,   2592000000",
            "0,     0",
            "45,    45000",
            "007s,  7000",
    })
    void parsesNumbersWithUnitsAndPlainSeconds(String text, long millis) {
        assertThat(DurationValue.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "10 minutes", "10 m", "-5s", "1.5h", "10M", "s", "10y", "5sec", " 5s"})
    void rejectsAnythingElseQuotingTheTextAndTheSyntax(String text) {
        assertThatThrownBy(() -> DurationValue.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration; use a number with a unit such as 500ms, 30s, 10m, 24h or 30d");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"99999999999999999999", "9999999999999999d"})
    void rejectsDurationsTooLongToHold(String text) {
        assertThatThrownBy(() -> DurationValue.parse(text)).hasMessage("'" + text + "' is too long a duration");
    }

    @ParameterizedTest(name = "{0} ms prints as {1}")
    @CsvSource({
            "0,          0s",
            "1500,       1500ms",
            "90000,      90s",
            "600000,     10m",
            "5400000,    90m",
            "86400000,   1d",
            "90000000,   25h",
            "2592000000, 30d",
    })
    void formatsInTheLargestExactUnit(long millis, String text) {
        assertThat(DurationValue.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(DurationValue.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT-5S", "PT0.0000015S"})
    void formatsWhatTheSyntaxCannotExpressInIso8601(String iso) {
        assertThat(DurationValue.format(Duration.parse(iso))).isEqualTo(Duration.parse(iso).toString());
    }
}
