package io.tiercache.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection that sends GETs one after another and reads each answer by
 * its Content-Length. Unlike the JDK's client it never retries: a connection that breaks fails the
 * request that was on it, so a test sees every request exactly once (the JDK's client silently
 * resends a GET whose pooled connection closed, which the server then counts twice).
 */
public final class KeepAliveConnection implements AutoCloseable {

    /** A final response: its status and body. */
    public record Answer(int status, String head, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    public KeepAliveConnection(int port) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.host = "127.0.0.1:" + port;
    }

    /** Sends {@code GET target} and reads its answer; the connection stays open for the next one. */
    public Answer get(String target) throws IOException {
        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = in.readNBytes(contentLength(head));
        return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection closed before an answer" + (head.isEmpty() ? "" : ": " + head));
            }
            head.append((char) next);
        }
        return head.toString();
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new IOException("an answer without Content-Length: " + head);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
