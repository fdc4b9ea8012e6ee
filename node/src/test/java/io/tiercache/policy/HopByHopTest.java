package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("HopByHop: connection-specific fields a proxy neither forwards nor stores (RFC 9110 §7.6.1)")
class HopByHopTest {

    // RFC 9110 §7.6.1, RFC 9111 §3.1; Proxy-Authenticate/-Authorization per RFC 9110 §11.7
    @ParameterizedTest(name = "{0} hop-by-hop: {1}")
    @CsvSource({
            "connection, true",
            "keep-alive, true",
            "proxy-connection, true",
            "te, true",
            "trailer, true",
            "transfer-encoding, true",
            "upgrade, true",
            "proxy-authenticate, true",
            "proxy-authorization, true",
            "cache-control, false",
            "content-length, false",
            "content-type, false",
            "etag, false",
            "age, false",
            "x-trace, false"})
    void knowsTheFixedHopByHopFields(String name, boolean hopByHop) {
        assertThat(HopByHop.isHopByHop(name, Set.of())).isEqualTo(hopByHop);
    }

    // RFC 9110 §7.6.1: fields listed in Connection are hop-by-hop for this message
    @ParameterizedTest(name = "{0} listed in Connection: {1}")
    @CsvSource({"x-trace, true", "x-other, false", "close, true"})
    void treatsFieldsNamedInConnectionAsHopByHop(String name, boolean hopByHop) {
        Set<String> tokens = HopByHop.connectionTokens(HeaderList.of("Connection", "close, X-Trace"));
        assertThat(HopByHop.isHopByHop(name, tokens)).isEqualTo(hopByHop);
    }

    static Stream<Arguments> connections() {
        return Stream.of(
                // RFC 9110 §7.6.1: Connection = #connection-option
                arguments("no Connection", HeaderList.EMPTY, Set.of()),
                arguments("one option", HeaderList.of("Connection", "close"), Set.of("close")),
                // RFC 9110 §7.6.1: connection options are case-insensitive
                arguments("options in mixed case", HeaderList.of("Connection", "Keep-Alive, X-Trace"),
                        Set.of("keep-alive", "x-trace")),
                // RFC 9110 §5.6.1: whitespace and empty list elements
                arguments("whitespace and empty elements", HeaderList.of("Connection", " , x-a ,, x-b ,"),
                        Set.of("x-a", "x-b")),
                // RFC 9110 §5.3: several Connection lines
                arguments("several Connection lines", HeaderList.of("connection", "x-a", "CONNECTION", "x-b"),
                        Set.of("x-a", "x-b")));
    }

    @ParameterizedTest(name = "reads the options of {0}")
    @MethodSource("connections")
    void readsConnectionOptions(String behaviour, HeaderList headers, Set<String> expected) {
        assertThat(HopByHop.connectionTokens(headers)).isEqualTo(expected);
    }
}
