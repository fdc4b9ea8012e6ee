package io.tiercache.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on a raw socket whose answers are scripted byte by byte, for what a well-behaved server
 * library will not do: interim (1xx) responses of any code, a connection reset or closed half-way
 * through a head, a head that never comes, and refusing connections altogether.
 */
public final class ScriptedOrigin implements AutoCloseable {

    /** What the origin does with one request: write bytes, close, reset, or nothing at all. */
    @FunctionalInterface
    public interface Script {
        /** @return false when the connection is finished with (closed or reset) */
        boolean answer(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final int port;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    private ScriptedOrigin() throws IOException {
        server = listen(0);
        port = server.getLocalPort();
    }

    public static ScriptedOrigin start() {
        try {
            return new ScriptedOrigin();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ScriptedOrigin on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    /** Writes {@code response} as it is and keeps the connection. */
    public static Script raw(String response) {
        return (socket, out) -> {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        };
    }

    /** Writes {@code first}, waits, then writes {@code rest}: interim responses arriving before the final one. */
    public static Script raw(String first, long pauseMillis, String rest) {
        return (socket, out) -> {
            out.write(first.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(pauseMillis);
            out.write(rest.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        };
    }

    /** Writes {@code partial} (perhaps nothing), then closes the connection before the response is complete. */
    public static Script closeAfter(String partial) {
        return (socket, out) -> {
            out.write(partial.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.close();
            return false;
        };
    }

    /** Resets the connection (RST) instead of answering. */
    public static Script reset() {
        return (socket, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        };
    }

    /** Never answers; the connection stays open until the peer gives up. */
    public static Script silent() {
        return (socket, out) -> true;
    }

    /** Closes the listening socket and every connection: connecting is refused until {@link #acceptConnections}. */
    public void refuseConnections() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Listens on the same port again. */
    public void acceptConnections() {
        try {
            server = listen(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        Thread acceptor = new Thread(() -> RequestHeads.acceptEach(socket, "scripted-origin-connection",
                sockets::add, this::serve), "scripted-origin-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = RequestHeads.read(in);
                if (head == null) {
                    return;
                }
                in.readNBytes(RequestHeads.contentLength(head));
                String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Script script = scripts.getOrDefault(path,
                        raw("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nCache-Control: no-store\r\n\r\n"));
                if (!script.answer(socket, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the peer went away or the test reset the connection
        } finally {
            sockets.remove(socket);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (SocketException ignored) {
            // already closed
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
