package io.tiercache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers, Hazelcast members and node processes, taken from a range below the
 * kernel's ephemeral range (32768-60999 on Linux), so that no outgoing connection is ever given one
 * between the claim and the bind. A claim is a lock on a file named after the port, held until this
 * JVM exits, so that test JVMs running at the same time (two builds on one machine) never share a
 * port; a port something else already listens on is skipped.
 */
public final class Ports {

    static final int FIRST = 20_000;
    static final int LAST = 32_000;
    private static final Path CLAIMS = Path.of(System.getProperty("java.io.tmpdir"), "tiercache-test-ports");
    /** Held for the JVM's life: a released lock would free the port for another JVM. */
    private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

    private Ports() {
    }

    public static int free() {
        try {
            Files.createDirectories(CLAIMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int span = LAST - FIRST;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST + (start + i) % span;
            if (claim(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + ".." + LAST);
    }

    private static boolean claim(int port) {
        try {
            FileChannel channel = FileChannel.open(CLAIMS.resolve(Integer.toString(port)),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.add(lock);
            return true;
        } catch (OverlappingFileLockException alreadyOurs) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Nothing listens there now (a server of another kind, or a port claimed without this class). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
