package io.tiercache.policy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("IfRange: whether the client's copy is the representation a range would come from (RFC 9110 §13.1.5)")
class IfRangeTest {

    private static final long T = 784_111_777L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a strong ETag equal to the stored one holds                    | '\"v1\"'    | '\"v1\"'   | 60 | true",
            "another ETag does not                                          | '\"v2\"'    | '\"v1\"'   | 60 | false",
            // §13.1.5: a weak entity-tag never matches (strong comparison)
            "a weak ETag does not, even with the same opaque tag            | 'W/\"v1\"'  | '\"v1\"'   | 60 | false",
            "a strong ETag against a weak stored one does not               | '\"v1\"'    | 'W/\"v1\"' | 60 | false",
            // §13.1.5 with §8.8.2.2: an exact, strong Last-Modified
            "the date of a strong Last-Modified holds                       | LM          | '\"v1\"'   | 60 | true",
            "another date does not                                          | LM+1        | '\"v1\"'   | 60 | false",
            "the date of a Last-Modified less than a second before Date does not | LM     | '\"v1\"'   | 0  | false",
            "a value that is neither does not                               | yesterday   | '\"v1\"'   | 60 | false",
    })
    void holds(String description, String ifRange, String etag, long dateAfterModified, boolean holds) {
        long modified = T - dateAfterModified;
        HeaderList response = HeaderList.of("ETag", etag, "Date", HttpDate.format(T),
                "Last-Modified", HttpDate.format(modified));
        String value = switch (ifRange) {
            case "LM" -> HttpDate.format(modified);
            case "LM+1" -> HttpDate.format(modified + 1);
            default -> ifRange;
        };

        assertThat(IfRange.holds(value, response)).isEqualTo(holds);
    }
}
