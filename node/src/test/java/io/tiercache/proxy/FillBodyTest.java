package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The body of a response while it is fetched: in keep mode every reader gets every byte at its own
 * pace; in relay mode one reader is fed through a bounded window and the origin waits behind it
 * (invariant 5: bodies over the max object size stream through without being buffered whole).
 */
@DisplayName("FillBody: a body read at the origin's pace by readers at their own")
class FillBodyTest {

    private static final int BLOCK = FillBody.BLOCK_BYTES;
    private static final int WINDOW = FillBody.RELAY_WINDOW;
    /** Sizes that straddle block boundaries every which way. */
    private static final int[] ODD_CHUNKS = {1, BLOCK - 1, BLOCK + 1, 3, 100_000, BLOCK, 7, 2 * BLOCK + 5};

    static Vertx vertx;

    /** Waits for a state that readers reach on their own event loops; they get there in microseconds. */
    private static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** A client connection as a reader sees it: collects what is written, pushes back when the test says so. */
    static final class Client implements WriteStream<Buffer> {
        private final Context context = vertx.getOrCreateContext();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final boolean stepping;
        final AtomicInteger ends = new AtomicInteger();
        final AtomicInteger cuts = new AtomicInteger();
        final AtomicInteger offContext = new AtomicInteger();
        private volatile boolean pushingBack;
        private volatile Handler<Void> drain;
        private volatile WeakReference<ByteBuf> firstBlock;

        /** {@code stepping}: the socket is full after every write until the test lets one more through. */
        private Client(boolean stepping) {
            this.stepping = stepping;
        }

        static Client fast() {
            return new Client(false);
        }

        static Client stepping() {
            return new Client(true);
        }

        FillBody.Reader readFrom(FillBody body) {
            return body.read(context, this, () -> {
                onContext();
                cuts.incrementAndGet();
            });
        }

        private void onContext() {
            if (Vertx.currentContext() != context) {
                offContext.incrementAndGet();
            }
        }

        @Override
        public Future<Void> write(Buffer chunk) {
            onContext();
            if (firstBlock == null) {
                firstBlock = new WeakReference<>(block(chunk));
            }
            synchronized (received) {
                received.writeBytes(chunk.getBytes());
            }
            pushingBack = stepping;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            onContext();
            ends.incrementAndGet();
            return Future.succeededFuture();
        }

        @Override
        public boolean writeQueueFull() {
            return pushingBack;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            drain = handler;
            return this;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        /** The buffer a chunk is a slice of: the body's block. */
        private static ByteBuf block(Buffer chunk) {
            ByteBuf buf = ((BufferInternal) chunk).getByteBuf();
            while (buf.unwrap() != null) {
                buf = buf.unwrap();
            }
            return buf;
        }

        boolean holdsFirstBlock() {
            System.gc();
            return firstBlock.get() != null;
        }

        byte[] received() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        int receivedLength() {
            synchronized (received) {
                return received.size();
            }
        }

        boolean waitingForDrain() {
            return drain != null;
        }

        boolean finished() {
            return ends.get() + cuts.get() > 0;
        }

        /** The socket drained: the reader writes again (as Vert.x calls a drain handler, on the reader's context). */
        void step() {
            Handler<Void> handler = drain;
            drain = null;
            pushingBack = false;
            if (handler != null) {
                context.runOnContext(ignored -> handler.handle(null));
            }
        }

        /** Lets a stepping reader write one chunk at a time until its response ends or is cut. */
        void readToTheEnd() {
            while (!finished()) {
                soon().until(() -> waitingForDrain() || finished());
                step();
            }
        }

        /** Lets a stepping reader write until it has {@code length} bytes out. */
        void readUpTo(long length) {
            while (receivedLength() < length) {
                soon().until(this::waitingForDrain);
                step();
            }
        }
    }

    /** What the origin sends: random bytes, in chunks of the given sizes. */
    static final class Origin {
        private final Random random = new Random(11);
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        boolean send(FillBody body, int size) {
            byte[] chunk = new byte[size];
            random.nextBytes(chunk);
            sent.writeBytes(chunk);
            return body.append(Buffer.buffer(chunk));
        }

        void sendAll(FillBody body, int... sizes) {
            for (int size : sizes) {
                send(body, size);
            }
        }

        byte[] sent() {
            return sent.toByteArray();
        }
    }

    private static void assertEndedWith(Client client, byte[] body) {
        soon().until(client::finished);
        assertThat(client.received()).isEqualTo(body);
        assertThat(client.ends).hasValue(1);
        assertThat(client.cuts).hasValue(0);
        assertThat(client.offContext).as("writes off the reader's own context").hasValue(0);
    }

    @Nested
    @DisplayName("in keep mode")
    class KeepMode {

        private final FillBody body = new FillBody(true, 10 * 1024 * 1024);
        private final Origin origin = new Origin();

        @Test
        void readersAtDifferentPacesGetEveryByte() {
            Client fast = Client.fast();
            Client slow = Client.stepping();
            fast.readFrom(body);
            slow.readFrom(body);

            origin.sendAll(body, 1, BLOCK - 1);
            slow.readUpTo(1);
            origin.sendAll(body, BLOCK + 1, 3, 100_000);
            soon().until(() -> fast.receivedLength() == origin.sent().length);
            slow.readUpTo(BLOCK + 2);
            origin.sendAll(body, 7, 2 * BLOCK + 5);
            body.end();

            assertEndedWith(fast, origin.sent());
            assertThat(slow.finished()).as("the slow reader has not caught up yet").isFalse();
            slow.readToTheEnd();
            assertEndedWith(slow, origin.sent());
            assertThat(body.readers()).isZero();
        }

        @Test
        void aReaderAttachedAfterTheBodyEndedGetsItAll() {
            origin.sendAll(body, ODD_CHUNKS);
            body.end();

            Client late = Client.stepping();
            late.readFrom(body);
            late.readToTheEnd();

            assertEndedWith(late, origin.sent());
        }

        @Test
        void keepsTheWholeBodyForTheStore() {
            origin.sendAll(body, ODD_CHUNKS);

            assertThat(body.kept()).isTrue();
            assertThat(body.length()).isEqualTo(origin.sent().length);
            assertThat(body.bytes()).isEqualTo(origin.sent());
        }

        @Test
        void keepsAnEmptyBody() {
            body.end();

            assertThat(body.bytes()).isEmpty();
            Client client = Client.fast();
            client.readFrom(body);
            assertEndedWith(client, new byte[0]);
        }

        @Test
        void endsEveryReadersResponseExactlyOnce() {
            Client caughtUp = Client.fast();
            Client behind = Client.stepping();
            caughtUp.readFrom(body);
            behind.readFrom(body);
            origin.sendAll(body, 3 * BLOCK);
            soon().until(() -> caughtUp.receivedLength() == 3 * BLOCK);

            body.end();
            body.end();

            assertEndedWith(caughtUp, origin.sent());
            behind.readToTheEnd();
            assertEndedWith(behind, origin.sent());
        }

        /** The counterpart of relay mode letting go: what the store needs stays. */
        @Test
        void holdsEveryBlockForTheStore() {
            Client reader = Client.fast();
            reader.readFrom(body);
            origin.sendAll(body, BLOCK, BLOCK, BLOCK, 1);
            soon().until(() -> reader.receivedLength() == 3 * BLOCK + 1);

            assertThat(reader.holdsFirstBlock()).isTrue();
        }

        @Test
        void neverHoldsTheOriginBack() {
            Client stalled = Client.stepping();
            stalled.readFrom(body);

            for (int i = 0; i < 8; i++) {
                assertThat(origin.send(body, BLOCK)).isTrue();
            }
        }

        /** The keep limit is the max object size: a body past it cannot be stored, and is relayed instead. */
        @Test
        void turnsToRelayPastTheKeepLimit() {
            FillBody limited = new FillBody(true, 100_000);
            Client client = Client.fast();
            client.readFrom(limited);

            origin.sendAll(limited, 60_000, 40_000);
            assertThat(limited.kept()).as("exactly the limit is kept").isTrue();
            origin.send(limited, 1);

            assertThat(limited.kept()).isFalse();
            assertThatThrownBy(limited::bytes).isInstanceOf(IllegalStateException.class);
            origin.send(limited, BLOCK + 1);
            limited.end();
            assertEndedWith(client, origin.sent());
        }
    }

    @Nested
    @DisplayName("in relay mode")
    class RelayMode {

        private final FillBody body = new FillBody(false, 10 * 1024 * 1024);
        private final Origin origin = new Origin();
        private final AtomicInteger windowFree = new AtomicInteger();
        private final AtomicInteger unread = new AtomicInteger();

        RelayMode() {
            body.onFlow(windowFree::incrementAndGet, unread::incrementAndGet);
        }

        @Test
        void refusesToHandOutTheBody() {
            origin.send(body, 10);

            assertThat(body.kept()).isFalse();
            assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void pausesTheOriginAWindowAheadOfTheReaderAndResumesItWhenTheReaderCatchesUp() {
            Client reader = Client.stepping();
            reader.readFrom(body);
            origin.send(body, BLOCK);
            soon().until(() -> reader.receivedLength() == BLOCK);

            for (int i = 1; i < WINDOW / BLOCK; i++) {
                assertThat(origin.send(body, BLOCK)).as("%d blocks ahead", i).isTrue();
            }
            assertThat(origin.send(body, BLOCK)).as("a whole window ahead").isFalse();
            assertThat(windowFree).hasValue(0);

            reader.readUpTo(2L * BLOCK);

            soon().until(() -> windowFree.get() == 1);
            body.end();
            reader.readToTheEnd();
            assertEndedWith(reader, origin.sent());
            assertThat(windowFree).hasValue(1);
        }

        @Test
        void pausesTheOriginAfterAWindowWhenNoOneReadsYet() {
            for (int i = 0; i < WINDOW / BLOCK - 1; i++) {
                assertThat(origin.send(body, BLOCK)).isTrue();
            }

            assertThat(origin.send(body, BLOCK)).isFalse();

            Client reader = Client.fast();
            reader.readFrom(body);
            soon().until(() -> windowFree.get() == 1);
            body.end();
            assertEndedWith(reader, origin.sent());
        }

        /** Chunks that straddle block boundaries, sent as an origin does: pausing when told to, until the window frees. */
        @Test
        void relaysEveryByteAcrossBlockBoundaries() {
            Client reader = Client.fast();
            reader.readFrom(body);

            for (int round = 0; round < 3; round++) {
                for (int size : ODD_CHUNKS) {
                    int resumed = windowFree.get();
                    if (!origin.send(body, size)) {
                        soon().until(() -> windowFree.get() > resumed);
                    }
                }
            }
            body.end();

            assertEndedWith(reader, origin.sent());
            assertThat(origin.sent().length).as("far more than a window went through").isGreaterThan(4 * WINDOW);
        }

        /** Memory stays bounded whatever the size: a block every reader has passed is not held any more. */
        @Test
        void letsGoOfTheBlocksTheReaderPassed() {
            Client reader = Client.fast();
            reader.readFrom(body);
            origin.sendAll(body, BLOCK, BLOCK, BLOCK);
            soon().until(() -> reader.receivedLength() == 3 * BLOCK);

            origin.send(body, 1);

            soon().until(() -> !reader.holdsFirstBlock());
        }

        @Test
        void theLastReaderLeavingLeavesTheBodyUnread() {
            Client first = Client.fast();
            Client second = Client.fast();
            FillBody.Reader one = first.readFrom(body);
            FillBody.Reader two = second.readFrom(body);
            origin.send(body, 100);

            one.leave();
            assertThat(unread).hasValue(0);
            two.leave();
            two.leave();

            assertThat(unread).hasValue(1);
            assertThat(body.readers()).isZero();
        }

        @Test
        void aReaderLeavingAnEndedBodyLeavesNothingUnread() {
            Client reader = Client.stepping();
            FillBody.Reader leaving = reader.readFrom(body);
            origin.send(body, 2 * BLOCK);
            body.end();

            leaving.leave();

            assertThat(unread).hasValue(0);
        }
    }

    @Nested
    @DisplayName("when the origin's body breaks off")
    class BrokenOff {

        private final FillBody body = new FillBody(true, 10 * 1024 * 1024);
        private final Origin origin = new Origin();

        /** A client must not take a truncated body for a whole one: its response is cut, never ended. */
        @Test
        void cutsEveryReader() {
            Client caughtUp = Client.fast();
            Client behind = Client.stepping();
            caughtUp.readFrom(body);
            behind.readFrom(body);
            origin.sendAll(body, 2 * BLOCK + 3);
            soon().until(() -> caughtUp.receivedLength() == 2 * BLOCK + 3);

            body.fail(new IllegalStateException("origin reset"));

            soon().until(caughtUp::finished);
            behind.readToTheEnd();
            for (Client client : new Client[] {caughtUp, behind}) {
                assertThat(client.cuts).hasValue(1);
                assertThat(client.ends).hasValue(0);
                assertThat(client.offContext).hasValue(0);
            }
            assertThat(body.broken()).isTrue();
            assertThat(body.readers()).isZero();
        }

        @Test
        void cutsAReaderThatComesLater() {
            origin.send(body, 10);
            body.fail(new IllegalStateException("origin reset"));

            Client late = Client.fast();
            late.readFrom(body);

            soon().until(late::finished);
            assertThat(late.cuts).hasValue(1);
            assertThat(late.ends).hasValue(0);
        }

        @Test
        void aFailureAfterTheEndCutsNothing() {
            Client reader = Client.stepping();
            reader.readFrom(body);
            origin.send(body, 2 * BLOCK);
            body.end();

            body.fail(new IllegalStateException("too late"));

            assertThat(body.broken()).isFalse();
            reader.readToTheEnd();
            assertEndedWith(reader, origin.sent());
        }
    }
}
