package io.tiercache.policy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Accept-Encoding normalised to the coding a request prefers (RFC 9110 §12.5.3), and the slots that serve it. */
class AcceptEncodingTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @DisplayName("RFC 9110 §12.5.3: the many spellings reduce to br, gzip or identity")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "gzip                       | gzip",
            "GZIP                       | gzip",
            "x-gzip                     | gzip",
            "gzip, deflate              | gzip",
            "deflate, gzip;q=0.5        | gzip",
            "' gzip ; q=0.001 '         | gzip",
            "gzip, deflate, br          | br",
            "br;q=0.1, gzip             | br",
            "*                          | gzip",
            "gzip;q=0, *                | identity",
            "br, gzip;q=0               | br",
            "br;q=0, gzip               | gzip",
            "br;q=0                     | identity",
            "identity                   | identity",
            "deflate                    | identity",
            "*;q=0                      | identity",
            "gzip;q=0                   | identity",
            "'identity;q=0, gzip'       | gzip",
            "''                         | identity",
            "NULL                       | identity",
            "gzip;q=oops                | gzip"})
    void normalises(String value, String coding) {
        assertThat(AcceptEncoding.normalised(value)).isEqualTo(coding);
    }

    @Test
    @DisplayName("RFC 9111 §4.1: the slots that may serve a request, best first, the own one first")
    void slotsBestFirst() {
        assertThat(AcceptEncoding.slots("gzip, br")).containsExactly("br", "gzip", "gzip;as-is");
        assertThat(AcceptEncoding.slots("gzip")).containsExactly("gzip", "gzip;as-is");
        assertThat(AcceptEncoding.slots(null)).containsExactly("identity", "gzip");
        assertThat(AcceptEncoding.slots("br")).containsExactly("br", "identity", "gzip");
    }

    @Test
    @DisplayName("a fill offers the origin what the normalised value stands for, in one spelling")
    void offersOneSpelling() {
        assertThat(AcceptEncoding.offered("deflate, GZIP, br;q=0.5")).isEqualTo("br, gzip");
        assertThat(AcceptEncoding.offered("x-gzip")).isEqualTo("gzip");
        assertThat(AcceptEncoding.offered("*;q=0")).isEqualTo("identity");
        for (String value : List.of("gzip, br", "gzip", "br", "identity")) {
            assertThat(AcceptEncoding.slots(AcceptEncoding.offered(value))).isEqualTo(AcceptEncoding.slots(value));
        }
    }

    @Test
    @DisplayName("a response is stored in the slot of its coding; identity in the slot of the best coding offered")
    void storedSlots() {
        assertThat(AcceptEncoding.storedSlot("gzip", "gzip", true)).isEqualTo("gzip");
        assertThat(AcceptEncoding.storedSlot("identity", "x-gzip", true)).isEqualTo("gzip");
        assertThat(AcceptEncoding.storedSlot("gzip", "gzip", false)).isEqualTo("gzip;as-is");
        assertThat(AcceptEncoding.storedSlot("br, gzip", "br", true)).isEqualTo("br");
        assertThat(AcceptEncoding.storedSlot("br, gzip", null, true)).isEqualTo("gzip");
        assertThat(AcceptEncoding.storedSlot("br", null, true)).isEqualTo("br");
        assertThat(AcceptEncoding.storedSlot("identity", null, true)).isEqualTo("identity");
        assertThat(AcceptEncoding.storedSlot("identity", "identity", true)).isEqualTo("identity");
    }
}
