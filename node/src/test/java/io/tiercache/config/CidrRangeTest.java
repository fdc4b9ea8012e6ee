package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.0.0.0,          true",
            "10.0.0.0/8,        10.255.255.255,    true",
            "10.0.0.0/8,        11.0.0.0,          false",
            "10.0.0.0/8,        9.255.255.255,     false",
            "192.168.1.128/25,  192.168.1.128,     true",
            "192.168.1.128/25,  192.168.1.255,     true",
            "192.168.1.128/25,  192.168.1.127,     false",
            "172.16.0.0/12,     172.31.255.255,    true",
            "172.16.0.0/12,     172.32.0.0,        false",
            "127.0.0.1,         127.0.0.1,         true",
            "127.0.0.1,         127.0.0.2,         false",
            "127.0.0.1/32,      127.0.0.1,         true",
            "0.0.0.0/0,         203.0.113.9,       true",
            "0.0.0.0/0,         ::1,               false",
            "::1/128,           ::1,               true",
            "::1,               0:0:0:0:0:0:0:1,   true",
            "::1/128,           ::2,               false",
            "::1/128,           127.0.0.1,         false",
            "fd00::/8,          fdff:ffff::1,      true",
            "fd00::/8,          fe00::1,           false",
            "2001:db8::/33,     2001:db8:7fff::1,  true",
            "2001:db8::/33,     2001:db8:8000::1,  false",
            "::/0,              2001:db8::1,       true",
            "::/0,              10.0.0.1,          false",
            "10.0.0.0/8,        ::ffff:10.1.2.3,   true",
            "10.0.0.0/8,        ::ffff:11.1.2.3,   false",
            "::ffff:10.0.0.0/104, 10.9.9.9,        true",
            "fe80::/10,         fe80::1%eth0,      true",
    })
    void containsAddressesInsideThePrefixOnly(String range, String address, boolean contained) {
        assertThat(CidrRange.parse(range).contains(address)).isEqualTo(contained);
    }

    @Test
    void containsInetAddressesLikeTheirText() throws Exception {
        CidrRange range = CidrRange.parse("10.0.0.0/8");

        assertThat(range.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(CidrRange.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "localhost", "example.com", "10.0.0", "10.0.0.256", "10.0.0.1.2", "::1::2",
            "1:2:3:4:5:6:7:8:9", "12345::", "[::1]", "10.0.0.1/8", "١٠.0.0.1"})
    void doesNotContainTextThatIsNotAnIpAddress(String text) {
        assertThat(CidrRange.parse("0.0.0.0/0").contains(text)).isFalse();
        assertThat(CidrRange.parse("::/0").contains(text)).isFalse();
    }

    @Test
    void doesNotContainNull() {
        assertThat(CidrRange.parse("0.0.0.0/0").contains((String) null)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "localhost          | 'localhost' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1 or ::1/128)",
            "10.0.0.0/          | '10.0.0.0/' has prefix length ''; use 0..32",
            "10.0.0.0/33        | '10.0.0.0/33' has prefix length '33'; use 0..32",
            "10.0.0.0/x         | '10.0.0.0/x' has prefix length 'x'; use 0..32",
            "::/129             | '::/129' has prefix length '129'; use 0..128",
            "10.0.0.1/8         | '10.0.0.1/8' has address bits set beyond /8; did you mean 10.0.0.0/8?",
            "2001:db8::1/32     | '2001:db8::1/32' has address bits set beyond /32; did you mean 2001:db8:0:0:0:0:0:0/32?",
    })
    void rejectsMalformedRangesSayingWhy(String text, String message) {
        assertThatThrownBy(() -> CidrRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void printsAsWrittenAndEqualsBySubnet() {
        assertThat(CidrRange.parse("10.0.0.0/8")).hasToString("10.0.0.0/8")
                .isEqualTo(CidrRange.parse("10.0.0.0/8"))
                .hasSameHashCodeAs(CidrRange.parse("10.0.0.0/8"))
                .isNotEqualTo(CidrRange.parse("10.0.0.0/9"));
        assertThat(CidrRange.parse("::1")).isEqualTo(CidrRange.parse("0:0:0:0:0:0:0:1/128"));
    }
}
