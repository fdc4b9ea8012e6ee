package io.tiercache.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Cookies read by name, as leniently as origins read them, from every Cookie line. */
class RequestCookiesTest {

    private static RequestCookies cookies(String... lines) {
        return RequestCookies.of(headersOf(lines));
    }

    @ParameterizedTest(name = "[{0}] has session_id: {1}")
    @CsvSource(delimiter = '|', value = {
            "session_id=abc                 | true",
            "a=1; session_id=abc            | true",
            "a=1;session_id=abc;b=2         | true",
            "  session_id  =  abc           | true",
            "session_id                     | true",
            "session_id=\"a b\"c            | true",
            "session_id=                    | true",
            "a=session_id                   | false",
            "xsession_id=1; session_idx=2   | false",
            "Session_Id=abc                 | false",
    })
    void findsACookieByItsNameWhateverItsValue(String line, boolean present) {
        assertThat(cookies(line).contains("session_id")).isEqualTo(present);
    }

    @Test
    void combinesEveryLine() {
        assertThat(cookies("a=1", "b=2; c=3").contains("c")).isTrue();
        assertThat(RequestCookies.line(headersOf("a=1", " ", "b=2 "))).isEqualTo("a=1; b=2");
        assertThat(RequestCookies.line(HttpHeaders.headers())).isNull();
    }

    @Test
    void valuesKeepsEveryValueInOrder() {
        assertThat(cookies("lang=en; x=1", "lang = de ").values("lang")).isEqualTo("en;de");
        assertThat(cookies("lang=").values("lang")).isEmpty();
        assertThat(cookies("x=lang").values("lang")).isEmpty();
        assertThat(cookies("lang=a=b").values("lang")).isEqualTo("a=b");
    }

    private static MultiMap headersOf(String... lines) {
        MultiMap headers = HttpHeaders.headers();
        for (String line : lines) {
            headers.add("Cookie", line);
        }
        return headers;
    }
}
