package io.tiercache.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends raw bytes over a socket, for requests no well-behaved client would send. */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} and returns everything the server answered until it closed or went quiet. */
    public static String exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String exchange(int port, byte[] request) {
        return exchange(null, port, request);
    }

    /**
     * Sends from a given local address, e.g. 127.0.0.2, to stand for a client that is not on
     * 127.0.0.1 (Linux routes all of 127/8 to loopback).
     */
    public static String exchangeFrom(String localAddress, int port, String request) {
        return exchange(localAddress, port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String exchange(String localAddress, int port, byte[] request) {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    answer.write(buffer, 0, read);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException quiet) {
                // the server went quiet; return what it said
            } catch (IOException reset) {
                // a reset after the answer still leaves the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A burst: opens {@code connections} connections, writes {@code request} on every one before
     * reading any answer (so the requests arrive together), then reads one whole answer from each,
     * in the order the connections were opened.
     */
    public static List<String> burst(int port, String request, int connections) {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                socket.setSoTimeout(5000);
            }
            for (Socket socket : sockets) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            }
            List<String> answers = new ArrayList<>();
            for (Socket socket : sockets) {
                answers.add(oneAnswer(socket.getInputStream()));
            }
            return answers;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }

    private static String oneAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!complete(answer.toString(StandardCharsets.ISO_8859_1))) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("the connection closed before a whole answer: " + answer);
            }
            answer.write(buffer, 0, read);
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** {@code GET target} with {@code Host: 127.0.0.1:port} and the given header lines. */
    public static String get(int port, String target, String... headerLines) {
        return send(null, port, "GET", target, headerLines);
    }

    /**
     * {@code METHOD target} with {@code Host: 127.0.0.1:port} and the given header lines, from a
     * local address (see {@link #exchangeFrom}) or, when null, the default one.
     */
    public static String send(String localAddress, int port, String method, String target, String... headerLines) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return exchange(localAddress, port, request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The value of the first header field with this name in an answer, or null. */
    public static String header(String answer, String name) {
        int headEnd = answer.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The body of an answer (what follows the blank line), or an empty string. */
    public static String body(String answer) {
        int headEnd = answer.indexOf("\r\n\r\n");
        return headEnd < 0 ? "" : answer.substring(headEnd + 4);
    }

    /** The status code on the first line, or -1 when nothing came back. */
    public static int status(String answer) {
        if (answer.length() < 12 || !answer.startsWith("HTTP/")) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** Whether the final response is all there: interim (1xx) heads before it are skipped (RFC 9110 §15.2). */
    private static boolean complete(String answer) {
        int headStart = 0;
        int headEnd = answer.indexOf("\r\n\r\n");
        while (headEnd >= 0 && answer.startsWith("HTTP/1.1 1", headStart)) {
            headStart = headEnd + 4;
            headEnd = answer.indexOf("\r\n\r\n", headStart);
        }
        if (headEnd < 0) {
            return false;
        }
        String head = answer.substring(headStart, headEnd).toLowerCase();
        int lengthAt = head.indexOf("content-length:");
        if (lengthAt < 0) {
            return false;
        }
        int lineEnd = head.indexOf("\r\n", lengthAt);
        int length = Integer.parseInt(head.substring(lengthAt + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        return answer.length() - headEnd - 4 >= length;
    }
}
