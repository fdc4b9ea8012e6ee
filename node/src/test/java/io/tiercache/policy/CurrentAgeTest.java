package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("CurrentAge: the age of a stored response (RFC 9111 §4.2.3, §5.1)")
class CurrentAgeTest {

    /** The request left at Sun, 06 Nov 1994 08:49:37 GMT (a whole second). */
    private static final long SENT = 784_111_777_000L;

    private static String date(long offsetMillis) {
        return HttpDate.format((SENT + offsetMillis) / 1000);
    }

    static Stream<Arguments> initialAges() {
        return Stream.of(
                // RFC 9111 §4.2.3: a brand-new response that arrived at once is zero seconds old
                arguments("is zero for a new response received at once", HeaderList.of("Date", date(0)), 0, 0),
                // RFC 9111 §4.2.3: apparent_age = response_time - date_value
                arguments("counts the apparent age from Date", HeaderList.of("Date", date(-10_000)), 0, 10_000),
                // RFC 9111 §4.2.3: corrected_age_value = age_value + response_delay
                arguments("adds the response delay to the Age header", HeaderList.of("Date", date(2_000), "Age", "60"),
                        2_000, 62_000),
                // RFC 9111 §4.2.3: worked example, Age and delay outweigh a small apparent age
                // (sent 08:49:37, received 08:49:39, Date 08:49:35 -> apparent 4 s; Age 3 + delay 2 = 5 s)
                arguments("takes Age plus delay when it exceeds the apparent age",
                        HeaderList.of("Date", date(-2_000), "Age", "3"), 2_000, 5_000),
                // RFC 9111 §4.2.3: worked example, a slow origin clock outweighs Age plus delay
                // (sent 08:49:37, received 08:49:38, Date 08:47:58 -> apparent 100 s; Age 10 + delay 1 = 11 s)
                arguments("takes the apparent age when it exceeds Age plus delay",
                        HeaderList.of("Date", date(-99_000), "Age", "10"), 1_000, 100_000),
                // RFC 9111 §4.2.3: a Date in the future gives no negative apparent age
                arguments("ignores a Date ahead of the cache's clock", HeaderList.of("Date", date(3_600_000)), 500, 500),
                // RFC 9111 §4.2.3, RFC 9110 §6.6.1: without Date the time of receipt stands in
                arguments("counts only the delay when Date is missing", HeaderList.of("Age", "0"), 3_000, 3_000),
                // RFC 9111 §5.1: an invalid Age is ignored
                arguments("ignores a non-numeric Age", HeaderList.of("Date", date(0), "Age", "old"), 0, 0),
                // RFC 9111 §5.1: an invalid Age is ignored
                arguments("ignores a negative Age", HeaderList.of("Date", date(0), "Age", "-5"), 0, 0),
                // RFC 9111 §5.1: surrounding whitespace is not part of the value
                arguments("reads an Age with surrounding whitespace", HeaderList.of("Date", date(0), "Age", " 7 "),
                        0, 7_000),
                // RFC 9111 §5.1: a list-based Age uses its first member
                arguments("uses the first member of a list-based Age", HeaderList.of("Date", date(0), "Age", "5, 10"),
                        0, 5_000),
                // RFC 9111 §5.1: of several Age lines the first is used
                arguments("uses the first of several Age lines",
                        HeaderList.of("Date", date(0), "Age", "5", "Age", "10"), 0, 5_000),
                // RFC 9111 §1.2.2: an overflowing Age is capped at 2^31 seconds
                arguments("caps an overflowing Age at 2^31 seconds",
                        HeaderList.of("Date", date(0), "Age", "99999999999"), 0, 2_147_483_648_000L));
    }

    @ParameterizedTest(name = "corrected initial age {0}")
    @MethodSource("initialAges")
    void computesTheCorrectedInitialAge(String behaviour, HeaderList response, long receivedAfterMillis,
                                        long expectedMillis) {
        assertThat(CurrentAge.initialMillis(response, SENT, SENT + receivedAfterMillis)).isEqualTo(expectedMillis);
    }

    // RFC 9111 §4.2.3: response_delay = response_time - request_time, never negative
    @Test
    void neverCountsANegativeResponseDelay() {
        assertThat(CurrentAge.initialMillis(HeaderList.of("Date", date(0), "Age", "4"), SENT + 5_000, SENT))
                .isEqualTo(4_000);
    }

    // RFC 9111 §4.2.3: current_age = corrected_initial_age + resident_time
    @ParameterizedTest(name = "initial {0} ms, resident {1} ms -> {2} ms")
    @CsvSource({
            "5000, 60000, 65000",
            "0, 0, 0",
            "0, 1500, 1500",
            "100000, -2000, 100000"})
    void addsTheResidentTime(long initialMillis, long residentMillis, long expectedMillis) {
        long received = SENT + 2_000;
        assertThat(CurrentAge.currentMillis(initialMillis, received, received + residentMillis))
                .isEqualTo(expectedMillis);
    }

    // RFC 9111 §4.2.3: worked example end to end: sent 08:49:37, received 08:49:39, Date 08:49:35, Age 3,
    // served a minute after receipt: initial 5 s + resident 60 s
    @Test
    void agesAStoredResponseFromRequestToDelivery() {
        long received = SENT + 2_000;
        long initial = CurrentAge.initialMillis(HeaderList.of("Date", date(-2_000), "Age", "3"), SENT, received);
        long current = CurrentAge.currentMillis(initial, received, received + 60_000);
        assertThat(CurrentAge.headerSeconds(current)).isEqualTo(65);
    }

    // RFC 9111 §5.1: Age is whole seconds, never negative; §1.2.2: capped at 2^31
    @ParameterizedTest(name = "{0} ms -> Age: {1}")
    @CsvSource({
            "0, 0",
            "999, 0",
            "1000, 1",
            "65999, 65",
            "-5000, 0",
            "2147483648000, 2147483648",
            "9000000000000000, 2147483648"})
    void formatsTheAgeHeader(long currentMillis, long expectedSeconds) {
        assertThat(CurrentAge.headerSeconds(currentMillis)).isEqualTo(expectedSeconds);
    }
}
