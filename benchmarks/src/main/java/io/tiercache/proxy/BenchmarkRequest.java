package io.tiercache.proxy;

import io.netty.handler.codec.DecoderResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpFrame;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.StreamPriority;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.util.Map;
import java.util.Set;

/**
 * A decoded GET as the proxy's RECV step sees it: request line and headers, in Vert.x's own header
 * map. Nothing on it streams; what RECV never calls throws.
 */
final class BenchmarkRequest implements HttpServerRequest {

    private final String uri;
    private final String path;
    private final String query;
    private static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(50_000, "192.0.2.7");
    private static final SocketAddress LISTENER = SocketAddress.inetSocketAddress(8080, "127.0.0.1");

    private final MultiMap headers = HttpHeaders.headers();

    BenchmarkRequest(String uri, Map<String, String> headerLines) {
        this.uri = uri;
        int question = uri.indexOf('?');
        this.path = question < 0 ? uri : uri.substring(0, question);
        this.query = question < 0 ? null : uri.substring(question + 1);
        headerLines.forEach(headers::add);
    }

    @Override
    public HttpVersion version() {
        return HttpVersion.HTTP_1_1;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public MultiMap headers() {
        return headers;
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public SocketAddress remoteAddress() {
        return CLIENT;
    }

    @Override
    public SocketAddress localAddress() {
        return LISTENER;
    }

    @Override
    public Cookie getCookie(String name) {
        return null;
    }

    @Override
    public Cookie getCookie(String name, String domain, String path) {
        return null;
    }

    @Override
    public Set<Cookie> cookies(String name) {
        return Set.of();
    }

    @Override
    public Set<Cookie> cookies() {
        return Set.of();
    }

    private static UnsupportedOperationException notInRecv() {
        return new UnsupportedOperationException("not used by the benchmarked steps");
    }

    @Override
    public HttpServerRequest exceptionHandler(Handler<Throwable> handler) {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest handler(Handler<Buffer> handler) {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest pause() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest resume() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest fetch(long amount) {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest endHandler(Handler<Void> endHandler) {
        throw notInRecv();
    }

    @Override
    public HostAndPort authority() {
        throw notInRecv();
    }

    @Override
    public HostAndPort authority(boolean real) {
        throw notInRecv();
    }

    @Override
    public long bytesRead() {
        throw notInRecv();
    }

    @Override
    public HttpServerResponse response() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest setParamsCharset(String charset) {
        throw notInRecv();
    }

    @Override
    public String getParamsCharset() {
        throw notInRecv();
    }

    @Override
    public MultiMap params(boolean semicolonIsNormalChar) {
        throw notInRecv();
    }

    @Override
    public String absoluteURI() {
        throw notInRecv();
    }

    @Override
    public Future<Buffer> body() {
        throw notInRecv();
    }

    @Override
    public Future<Void> end() {
        throw notInRecv();
    }

    @Override
    public Future<NetSocket> toNetSocket() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest setExpectMultipart(boolean expect) {
        throw notInRecv();
    }

    @Override
    public boolean isExpectMultipart() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest uploadHandler(Handler<HttpServerFileUpload> uploadHandler) {
        throw notInRecv();
    }

    @Override
    public MultiMap formAttributes() {
        throw notInRecv();
    }

    @Override
    public String getFormAttribute(String attributeName) {
        throw notInRecv();
    }

    @Override
    public Future<ServerWebSocket> toWebSocket() {
        throw notInRecv();
    }

    @Override
    public boolean isEnded() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest customFrameHandler(Handler<HttpFrame> handler) {
        throw notInRecv();
    }

    @Override
    public HttpConnection connection() {
        throw notInRecv();
    }

    @Override
    public HttpServerRequest streamPriorityHandler(Handler<StreamPriority> handler) {
        throw notInRecv();
    }

    @Override
    public DecoderResult decoderResult() {
        throw notInRecv();
    }
}
