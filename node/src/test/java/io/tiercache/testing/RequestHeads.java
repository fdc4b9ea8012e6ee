package io.tiercache.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/** Reading requests off a raw socket, for the test origins that answer by hand. */
final class RequestHeads {

    private RequestHeads() {
    }

    /** The request line and fields up to the blank line, or null at end of stream. */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** The head's Content-Length, or 0. */
    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** Accepts connections until {@code listening} closes, each served on a daemon thread of its own. */
    static void acceptEach(ServerSocket listening, String threadName, Consumer<Socket> accepted, Consumer<Socket> serve) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                accepted.accept(socket);
                Thread connection = new Thread(() -> serve.accept(socket), threadName);
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
