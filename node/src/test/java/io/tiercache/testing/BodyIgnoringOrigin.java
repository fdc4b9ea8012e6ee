package io.tiercache.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sloppy origin request smuggling feeds on, on a raw socket: it ignores the Content-Length of
 * GET, HEAD, OPTIONS and DELETE ("CL.0"), so their body is read as the next request on the
 * connection; it ignores {@code Connection: close} and keeps reading; and for targets starting
 * with {@code /unsolicited} it sends a second, unrequested response in the same write as the
 * first. Every
 * answer says which target it answers and may be cached for a minute.
 */
public final class BodyIgnoringOrigin implements AutoCloseable {

    private static final Set<String> BODY_IGNORED = Set.of("GET", "HEAD", "OPTIONS", "DELETE");

    private final ServerSocket server;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private BodyIgnoringOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> RequestHeads.acceptEach(server, "body-ignoring-origin-connection",
                socket -> {
                    connections.incrementAndGet();
                    sockets.add(socket);
                }, this::serve), "body-ignoring-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static BodyIgnoringOrigin start() {
        try {
            return new BodyIgnoringOrigin();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The request targets in the order the origin parsed them, smuggled ones included. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    public int connectionsOpened() {
        return connections.get();
    }

    /** Connections the node closed (the origin read end-of-stream), the origin itself never closes one. */
    public int connectionsClosedByPeer() {
        return closedByPeer.get();
    }

    /** The body the origin answers for {@code target}. */
    public static String answerFor(String target) {
        return "answer for " + target;
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = RequestHeads.read(in);
                if (head == null) {
                    closedByPeer.incrementAndGet();
                    return;
                }
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = requestLine[0];
                String target = requestLine[1];
                targets.add(target);
                if (!BODY_IGNORED.contains(method)) {
                    in.readNBytes(RequestHeads.contentLength(head));
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                answer.write(response(target, method.equals("HEAD")));
                if (target.startsWith("/unsolicited")) {
                    answer.write(response("/unrequested", false));
                }
                // One write: the unrequested response arrives with the requested one, before the
                // node could have written another request.
                out.write(answer.toByteArray());
                out.flush();
            }
        } catch (IOException reset) {
            closedByPeer.incrementAndGet();
        }
    }

    private static byte[] response(String target, boolean head) {
        String body = answerFor(target);
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + (head ? "" : body)).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a test origin cannot fail in a way that matters
        }
    }
}
