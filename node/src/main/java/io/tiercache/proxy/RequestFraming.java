package io.tiercache.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.tiercache.config.HttpToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a request's body can be framed safely, decided from its head alone, before a byte of the
 * body is read: anything this node and an origin could frame differently is refused, and so is
 * CONNECT, whose bytes after the head are a tunnel.
 */
final class RequestFraming {

    /** What this node does not implement (RFC 9110 §9.1, RFC 9112 §6.1): 501, as nginx answers it. */
    static final class NotImplemented extends IllegalArgumentException {
        NotImplemented(String reason) {
            super(reason);
        }
    }

    private RequestFraming() {
    }

    /** @throws IllegalArgumentException with the reason, when the request must be refused */
    static void check(HttpRequest request) {
        List<String> transferEncoding = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!transferEncoding.isEmpty()) {
            checkTransferEncoding(transferEncoding, request.protocolVersion());
        }
        HttpMethod method = request.method();
        // A cache is no forward proxy, and a tunnel's bytes have no framing at all.
        if (method.equals(HttpMethod.CONNECT)) {
            throw new NotImplemented("CONNECT is not served");
        }
        boolean body = !transferEncoding.isEmpty() || HttpUtil.getContentLength(request, 0L) != 0;
        // RFC 9110 §9.3.1/§9.3.2: content in GET or HEAD has no meaning, and an origin that ignores
        // it would read it as the next request on a shared connection.
        if (body && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
            throw new IllegalArgumentException("a " + method + " request may not carry a body");
        }
    }

    /** RFC 9112 §6.1: the final coding must be chunked, applied once; RFC 9110 §5.6.1: empty list elements are ignored. */
    private static void checkTransferEncoding(List<String> fieldLines, HttpVersion version) {
        if (version.equals(HttpVersion.HTTP_1_0)) {
            throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 request");
        }
        List<String> codings = new ArrayList<>();
        for (String line : fieldLines) {
            // A parsed value starts with white space only where an obs-fold (RFC 9112 §5.2) began it.
            if (!line.isEmpty() && isWhitespace(line.charAt(0))) {
                throw new IllegalArgumentException("Transfer-Encoding folded over several lines");
            }
            for (String element : line.split(",", -1)) {
                String coding = element.strip();
                if (coding.isEmpty()) {
                    continue;
                }
                if (!HttpToken.isValid(coding)) {
                    throw new IllegalArgumentException("Transfer-Encoding '" + shorten(line) + "' is not a list of codings");
                }
                codings.add(coding.toLowerCase(Locale.ROOT));
            }
        }
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
            throw new IllegalArgumentException("Transfer-Encoding whose final coding is not chunked");
        }
        List<String> before = codings.subList(0, codings.size() - 1);
        if (before.contains("chunked")) {
            throw new IllegalArgumentException("Transfer-Encoding applies chunked more than once");
        }
        if (!before.isEmpty()) {
            throw new NotImplemented("transfer coding '" + before.get(0) + "' is not implemented; only chunked is");
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
