package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0.0.0.0:8080,          0.0.0.0,        8080",
            "127.0.0.1:0,           127.0.0.1,      0",
            "localhost:65535,       localhost,      65535",
            "cache-1.example.com:5701, cache-1.example.com, 5701",
            "origin_app:8000,       origin_app,     8000",
            "[::1]:8080,            ::1,            8080",
            "[fd00::a:1]:5701,      fd00::a:1,      5701",
            "[::ffff:10.0.0.1]:80,  ::ffff:10.0.0.1, 80",
    })
    void parsesHostAndPortKeepingIpv6WithoutBrackets(String text, String host, int port) {
        HostPort parsed = HostPort.parse(text);

        assertThat(parsed).isEqualTo(new HostPort(host, port));
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @Test
    void printsIpv6InBrackets() {
        assertThat(new HostPort("::1", 9090)).hasToString("[::1]:9090");
        assertThat(new HostPort("10.0.0.1", 9090)).hasToString("10.0.0.1:9090");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.2,      10.0.0.2,  5701",
            "10.0.0.2:6000, 10.0.0.2,  6000",
            "[fd00::2],     fd00::2,   5701",
            "[fd00::2]:6000, fd00::2,  6000",
    })
    void givesABareHostTheDefaultPort(String text, String host, int port) {
        assertThat(HostPort.parse(text, 5701)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "localhost     | 'localhost' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "''            | '' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            ":8080         | ':8080' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "my host:80    | 'my host:80' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "[::1]         | '[::1]' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "[::1:8080     | '[::1:8080' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "[::1]8080     | '[::1]8080' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)",
            "host:         | 'host:' has '' as port; use a number 0..65535",
            "host:http     | 'host:http' has 'http' as port; use a number 0..65535",
            "host:-1       | 'host:-1' has '-1' as port; use a number 0..65535",
            "host:65536    | 'host:65536' has port 65536; use 0..65535",
            "::1:8080      | '::1:8080' looks like an IPv6 address; put it in brackets, e.g. [::1]:8080",
            "[host]:80     | '[host]:80' has 'host' in brackets, which is not an IPv6 address",
            "[10.0.0.1]:80 | '[10.0.0.1]:80' has '10.0.0.1' in brackets, which is not an IPv6 address",
    })
    void rejectsMalformedTextSayingWhy(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void namesTheOptionalPortWhenThereIsADefault() {
        assertThatThrownBy(() -> HostPort.parse("a b", 5701))
                .hasMessage("'a b' is not HOST or HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)");
    }
}
