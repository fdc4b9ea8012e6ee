package io.tiercache.policy;

import io.tiercache.policy.ByteRanges.Parts;
import io.tiercache.policy.ByteRanges.Span;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ByteRanges: what a Range request asks of a representation (RFC 9110 §14)")
class ByteRangesTest {

    private static final long T = 784_111_777L;

    @ParameterizedTest(name = "{0} of 10000 bytes is {1}")
    @CsvSource(delimiter = '|', value = {
            // §14.1.2 int-range, open-ended, suffix
            "bytes=0-499              | 0-499",
            "bytes=500-999            | 500-999",
            "bytes=9500-              | 9500-9999",
            "bytes=-500               | 9500-9999",
            "bytes=0-0,-1             | 0-0 9999-9999",
            // §14.1.2: a last-pos past the end is the end; a suffix longer than the representation is all of it
            "bytes=9000-20000         | 9000-9999",
            "bytes=-20000             | 0-9999",
            "bytes=9000-99999999999999999999999 | 9000-9999",
            // §14.1: the unit is case-insensitive; whitespace around list elements is allowed, empty elements ignored
            "BYTES=1-2                | 1-2",
            "'bytes= 1-2 , ,500-600'  | 1-2 500-600",
            // §14.6: parts go in ascending order; overlapping and nearly adjacent ones merge
            "bytes=500-600,0-100      | 0-100 500-600",
            "bytes=0-100,50-150       | 0-150",
            "bytes=0-100,120-200      | 0-200",
            "bytes=0-100,300-400,-50  | 0-100 300-400 9950-9999",
            // unsatisfiable specs among satisfiable ones are left out
            "bytes=0-9,20000-30000    | 0-9",
    })
    void parts(String range, String expected) {
        ByteRanges.Plan plan = ByteRanges.of(range, 10_000);

        assertThat(plan).isInstanceOf(Parts.class);
        assertThat(((Parts) plan).spans().stream().map(span -> span.first() + "-" + span.last())
                .collect(Collectors.joining(" "))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is ignored: the whole representation")
    @ValueSource(strings = {
            // §14.2: an invalid or unsupported Range is ignored
            "bytes=500-400", "bytes=abc", "bytes=1-2-3", "bytes=--5", "bytes=", "bytes=,", "items=0-5", "0-5",
            "bytes 0-5", "bytes=-", "bytes=0-5,x",
    })
    void ignored(String range) {
        assertThat(ByteRanges.of(range, 10_000)).isEqualTo(ByteRanges.WHOLE);
    }

    @ParameterizedTest(name = "{0} of 10000 bytes is unsatisfiable")
    @ValueSource(strings = {"bytes=10000-", "bytes=20000-30000", "bytes=-0", "bytes=10000-10001,-0"})
    void unsatisfiable(String range) {
        assertThat(ByteRanges.of(range, 10_000)).isEqualTo(ByteRanges.UNSATISFIABLE);
    }

    @ParameterizedTest(name = "{0} begins at byte {1} of an object of unknown length")
    @CsvSource(delimiter = '|', value = {
            "bytes=5000-6000        | 5000",
            "bytes=7000-,100-200    | 100",
            "bytes=-500             | 0",
            "bytes=-500,3000-3001   | 3000",
            "bytes=abc              | 0",
    })
    void firstAsked(String range, long first) {
        assertThat(ByteRanges.firstAsked(range)).isEqualTo(first);
    }

    @Test
    @DisplayName("a zero-length representation satisfies no int-range, and a suffix range sends it whole")
    void zeroLength() {
        assertThat(ByteRanges.of("bytes=0-5", 0)).isEqualTo(ByteRanges.UNSATISFIABLE);
        assertThat(ByteRanges.of("bytes=-5", 0)).isEqualTo(ByteRanges.WHOLE);
    }

    @Test
    @DisplayName("more parts than the cap, after merging, get the whole representation (§14.2)")
    void tooManyParts() {
        String many = IntStream.range(0, ByteRanges.MAX_PARTS + 1).mapToObj(i -> (i * 1000) + "-" + (i * 1000 + 1))
                .collect(Collectors.joining(",", "bytes=", ""));
        String atCap = IntStream.range(0, ByteRanges.MAX_PARTS).mapToObj(i -> (i * 1000) + "-" + (i * 1000 + 1))
                .collect(Collectors.joining(",", "bytes=", ""));
        String overlapping = IntStream.range(0, 50).mapToObj(i -> "0-" + i).collect(Collectors.joining(",", "bytes=", ""));
        String endless = IntStream.range(0, ByteRanges.MAX_SPECS + 1).mapToObj(i -> "0-0")
                .collect(Collectors.joining(",", "bytes=", ""));

        assertThat(ByteRanges.of(many, 100_000)).isEqualTo(ByteRanges.WHOLE);
        assertThat(((Parts) ByteRanges.of(atCap, 100_000)).spans()).hasSize(ByteRanges.MAX_PARTS);
        assertThat(ByteRanges.of(overlapping, 100_000)).isEqualTo(new Parts(List.of(new Span(0, 49))));
        assertThat(ByteRanges.of(endless, 100_000)).isEqualTo(ByteRanges.WHOLE);
    }

    @Test
    @DisplayName("Range applies only to what would be a 200, and only while If-Range holds (§13.1.5, §14.2)")
    void requested() {
        HeaderList response = HeaderList.of("ETag", "\"v1\"", "Date", HttpDate.format(T),
                "Last-Modified", HttpDate.format(T - 60));
        HeaderList range = HeaderList.of("Range", "bytes=0-9");
        Parts first10 = new Parts(List.of(new Span(0, 9)));

        assertThat(ByteRanges.requested(HeaderList.of(), 200, response, 100)).isEqualTo(ByteRanges.WHOLE);
        assertThat(ByteRanges.requested(range, 200, response, 100)).isEqualTo(first10);
        assertThat(ByteRanges.requested(range, 404, response, 100)).isEqualTo(ByteRanges.WHOLE);
        assertThat(ByteRanges.requested(range, 200, response, -1)).isEqualTo(ByteRanges.WHOLE);
        assertThat(ByteRanges.requested(HeaderList.of("Range", "bytes=0-9", "If-Range", "\"v1\""), 200, response, 100))
                .isEqualTo(first10);
        assertThat(ByteRanges.requested(HeaderList.of("Range", "bytes=0-9", "If-Range", "\"v2\""), 200, response, 100))
                .isEqualTo(ByteRanges.WHOLE);
        // §13.1.5: If-Range without Range is nothing
        assertThat(ByteRanges.requested(HeaderList.of("If-Range", "\"v1\""), 200, response, 100))
                .isEqualTo(ByteRanges.WHOLE);
    }
}
