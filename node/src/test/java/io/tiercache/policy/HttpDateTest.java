package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HttpDate: HTTP-date parsing and formatting (RFC 9110 §5.6.7)")
class HttpDateTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110 §5.6.7. */
    private static final long EXAMPLE = 784_111_777L;

    // RFC 9110 §5.6.7: recipients accept IMF-fixdate and the two obsolete forms
    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "IMF-fixdate                              | Sun, 06 Nov 1994 08:49:37 GMT",
            "obsolete RFC 850 form                    | Sunday, 06-Nov-94 08:49:37 GMT",
            "obsolete asctime form                    | Sun Nov  6 08:49:37 1994",
            "asctime with a single space before a day | Sun Nov 6 08:49:37 1994",
            "IMF-fixdate in lower case                | sun, 06 nov 1994 08:49:37 gmt",
            "IMF-fixdate with surrounding whitespace  | '  Sun, 06 Nov 1994 08:49:37 GMT '"})
    void parsesEveryHttpDateForm(String form, String value) {
        assertThat(HttpDate.parseSeconds(value)).isEqualTo(EXAMPLE);
    }

    // RFC 9110 §5.6.7: a two-digit year lies at most 50 years ahead (these rows hold from 2020 to 2048)
    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
            "Friday, 01-Jan-99 00:00:00 GMT    | 915148800",
            "Saturday, 01-Jan-00 00:00:00 GMT  | 946684800",
            "Monday, 01-Jan-35 00:00:00 GMT    | 2051222400",
            "Wednesday, 01-Jan-70 00:00:00 GMT | 3155760000"})
    void readsTwoDigitYearsOfTheRfc850Form(String value, long expected) {
        assertThat(HttpDate.parseSeconds(value)).isEqualTo(expected);
    }

    // RFC 9111 §5.3: invalid dates (such as "0") are reported so that callers treat them as the past
    @ParameterizedTest(name = "\"{0}\" is invalid")
    @NullAndEmptySource
    @ValueSource(strings = {
            "0",
            "-1",
            "   ",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "1994-11-06T08:49:37Z"})
    void reportsInvalidDates(String value) {
        assertThat(HttpDate.parseSeconds(value)).isEqualTo(HttpDate.INVALID);
    }

    // RFC 9110 §5.6.7: senders generate IMF-fixdate
    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0          | Thu, 01 Jan 1970 00:00:00 GMT",
            "784111777  | Sun, 06 Nov 1994 08:49:37 GMT",
            "1700000000 | Tue, 14 Nov 2023 22:13:20 GMT"})
    void formatsAsImfFixdate(long epochSeconds, String expected) {
        assertThat(HttpDate.format(epochSeconds)).isEqualTo(expected);
    }

    // RFC 9110 §5.6.7: what a cache generates it must read back
    @Test
    void readsBackWhatItFormats() {
        assertThat(HttpDate.parseSeconds(HttpDate.format(1_234_567_890L))).isEqualTo(1_234_567_890L);
    }
}
