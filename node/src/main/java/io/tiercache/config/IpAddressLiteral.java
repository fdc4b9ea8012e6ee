package io.tiercache.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Reads IPv4 and IPv6 address text into bytes. Unlike {@link java.net.InetAddress#getByName}, it never
 * falls back to a DNS lookup, so that checking a client address cannot block or be spoofed by DNS.
 */
final class IpAddressLiteral {
    private IpAddressLiteral() {
    }

    /** The 4 or 16 address bytes, or empty when the text is not an IP address literal. */
    static Optional<byte[]> parse(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; anything else unchanged. */
    static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    private static Optional<byte[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimalOctet(parts[i]);
            if (value < 0) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    private static int decimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static Optional<byte[]> ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return Optional.empty();
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            putGroup(bytes, i, headGroups[i]);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            putGroup(bytes, 8 - tailGroups.length + i, tailGroups[i]);
        }
        return Optional.of(bytes);
    }

    /** The 16-bit groups of one side of a "::", or null if malformed; the last side may end in IPv4. */
    private static int[] groups(String section, boolean mayEndInIpv4) {
        if (section.isEmpty()) {
            return new int[0];
        }
        String[] parts = section.split(":", -1);
        String last = parts[parts.length - 1];
        boolean endsInIpv4 = mayEndInIpv4 && last.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (endsInIpv4 ? 1 : 0)];
        int hexParts = endsInIpv4 ? parts.length - 1 : parts.length;
        for (int i = 0; i < hexParts; i++) {
            int value = hexGroup(parts[i]);
            if (value < 0) {
                return null;
            }
            groups[i] = value;
        }
        if (endsInIpv4) {
            Optional<byte[]> ipv4 = ipv4(last);
            if (ipv4.isEmpty()) {
                return null;
            }
            byte[] b = ipv4.get();
            groups[hexParts] = (b[0] & 0xff) << 8 | (b[1] & 0xff);
            groups[hexParts + 1] = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        }
        return groups;
    }

    private static int hexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            int digit = hexDigit(part.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void putGroup(byte[] bytes, int index, int group) {
        bytes[2 * index] = (byte) (group >>> 8);
        bytes[2 * index + 1] = (byte) group;
    }
}
