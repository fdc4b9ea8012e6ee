package io.tiercache.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare
 * address is a range of one. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) match IPv4 ranges,
 * because that is how a dual-stack socket reports an IPv4 client.
 */
public final class CidrRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} or a bare address. Never consults DNS.
     *
     * @throws IllegalArgumentException with a one-line message quoting the text
     */
    public static CidrRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = IpAddressLiteral.parse(address).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1 or ::1/128)"));
        int bits = bytes.length * 8;
        int prefix = slash < 0 ? bits : prefixLength(text, text.substring(slash + 1), bits);
        byte[] network = masked(bytes, prefix);
        if (!Arrays.equals(network, bytes)) {
            throw new IllegalArgumentException("'" + text + "' has address bits set beyond /" + prefix
                    + "; did you mean " + addressText(network) + "/" + prefix + "?");
        }
        byte[] unmapped = IpAddressLiteral.unmapped(network);
        if (unmapped.length == 4 && prefix >= 96) {
            return new CidrRange(unmapped, prefix - 96, text);
        }
        return new CidrRange(network, prefix, text);
    }

    /** Whether the address lies in this range. */
    public boolean contains(InetAddress address) {
        return containsBytes(address.getAddress());
    }

    /**
     * Whether the IP address text lies in this range; false for anything that is not an IP literal
     * (host names are never resolved). An IPv6 zone ({@code fe80::1%eth0}) is ignored.
     */
    public boolean contains(String ipLiteral) {
        if (ipLiteral == null) {
            return false;
        }
        int zone = ipLiteral.indexOf('%');
        String address = zone >= 0 && ipLiteral.indexOf(':') >= 0 ? ipLiteral.substring(0, zone) : ipLiteral;
        return IpAddressLiteral.parse(address).map(this::containsBytes).orElse(false);
    }

    private boolean containsBytes(byte[] address) {
        byte[] candidate = IpAddressLiteral.unmapped(address);
        return candidate.length == network.length && Arrays.equals(masked(candidate, prefixLength), network);
    }

    private static int prefixLength(String text, String prefix, int bits) {
        boolean digits = !prefix.isEmpty() && prefix.length() <= 3
                && prefix.chars().allMatch(c -> c >= '0' && c <= '9');
        int value = digits ? Integer.parseInt(prefix) : -1;
        if (value < 0 || value > bits) {
            throw new IllegalArgumentException("'" + text + "' has prefix length '" + prefix + "'; use 0.." + bits);
        }
        return value;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            result[i] &= (byte) (0xff << (8 - keep));
        }
        return result;
    }

    /** Plain dotted or full colon-hex form, without InetAddress, which would print a mapped address as IPv4. */
    private static String addressText(byte[] address) {
        StringJoiner text = new StringJoiner(address.length == 4 ? "." : ":");
        if (address.length == 4) {
            for (byte b : address) {
                text.add(Integer.toString(b & 0xff));
            }
        } else {
            for (int i = 0; i < address.length; i += 2) {
                text.add(Integer.toHexString((address[i] & 0xff) << 8 | (address[i + 1] & 0xff)));
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrRange range && prefixLength == range.prefixLength
                && Arrays.equals(network, range.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The range as written in the config. */
    @Override
    public String toString() {
        return text;
    }
}
