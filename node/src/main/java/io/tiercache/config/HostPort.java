package io.tiercache.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host (name, IPv4 or IPv6 address) and a port, written {@code host:port} or {@code [ipv6]:port}.
 * The host is held without brackets; {@link #toString()} adds them back for IPv6.
 */
public record HostPort(String host, int port) {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final String EXAMPLES = " (e.g. 0.0.0.0:8080 or [::1]:8080)";

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /**
     * Parses {@code host:port}; the port is required.
     *
     * @throws IllegalArgumentException with a one-line message quoting the text
     */
    public static HostPort parse(String text) {
        return parse(text, -1);
    }

    /**
     * Parses {@code host:port} or a bare {@code host}, which gets {@code defaultPort}.
     *
     * @throws IllegalArgumentException with a one-line message quoting the text
     */
    public static HostPort parse(String text, int defaultPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw notHostPort(text, defaultPort);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (host.indexOf(':') < 0 || IpAddressLiteral.parse(host).isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has '" + host
                        + "' in brackets, which is not an IPv6 address");
            }
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw notHostPort(text, defaultPort);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("'" + text
                        + "' looks like an IPv6 address; put it in brackets, e.g. [::1]:8080");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (!isHostName(host)) {
                throw notHostPort(text, defaultPort);
            }
        }
        if (port == null) {
            if (defaultPort < 0) {
                throw notHostPort(text, defaultPort);
            }
            return new HostPort(host, defaultPort);
        }
        return new HostPort(host, portNumber(text, port));
    }

    /** Whether the text is a host name or an IPv4 address (IPv6 addresses are checked on their own). */
    private static boolean isHostName(String text) {
        return HOST_NAME.matcher(text).matches();
    }

    /** A host written alone: a host name, an IPv4 address or a bare IPv6 address. */
    static boolean isHost(String text) {
        return isHostName(text) || (text.indexOf(':') >= 0 && IpAddressLiteral.parse(text).isPresent());
    }

    private static int portNumber(String text, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' has '" + port + "' as port; use a number 0..65535");
        }
        int number = Integer.parseInt(port);
        if (number > 65_535) {
            throw new IllegalArgumentException("'" + text + "' has port " + number + "; use 0..65535");
        }
        return number;
    }

    private static IllegalArgumentException notHostPort(String text, int defaultPort) {
        String form = defaultPort < 0 ? "HOST:PORT" : "HOST or HOST:PORT";
        return new IllegalArgumentException("'" + text + "' is not " + form + EXAMPLES);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
