package io.tiercache.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tiercache.proxy.ClientStream.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
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

    private static void assertEndedWith(ClientStream client, byte[] body) {
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
            ClientStream fast = ClientStream.fast(vertx);
            ClientStream slow = ClientStream.stepping(vertx);
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

            ClientStream late = ClientStream.stepping(vertx);
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
            ClientStream client = ClientStream.fast(vertx);
            client.readFrom(body);
            assertEndedWith(client, new byte[0]);
        }

        @Test
        void endsEveryReadersResponseExactlyOnce() {
            ClientStream caughtUp = ClientStream.fast(vertx);
            ClientStream behind = ClientStream.stepping(vertx);
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
            ClientStream reader = ClientStream.fast(vertx);
            reader.readFrom(body);
            origin.sendAll(body, BLOCK, BLOCK, BLOCK, 1);
            soon().until(() -> reader.receivedLength() == 3 * BLOCK + 1);

            assertThat(reader.holdsFirstBlock()).isTrue();
        }

        @Test
        void neverHoldsTheOriginBack() {
            ClientStream stalled = ClientStream.stepping(vertx);
            stalled.readFrom(body);

            for (int i = 0; i < 8; i++) {
                assertThat(origin.send(body, BLOCK)).isTrue();
            }
        }

        /** The keep limit is the max object size: a body past it cannot be stored, and is relayed instead. */
        @Test
        void turnsToRelayPastTheKeepLimit() {
            FillBody limited = new FillBody(true, 100_000);
            ClientStream client = ClientStream.fast(vertx);
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
    @DisplayName("read by range")
    class Ranges {

        private final Origin origin = new Origin();

        @Test
        void readersOfRangesGetExactlyTheirBytesAsTheyArrive() {
            FillBody body = new FillBody(true, 10 * 1024 * 1024);
            ClientStream across = ClientStream.stepping(vertx);
            ClientStream start = ClientStream.fast(vertx);
            across.readRange(body, BLOCK - 10, 2L * BLOCK + 10);
            start.readRange(body, 0, 5);

            origin.sendAll(body, ODD_CHUNKS);
            across.readToTheEnd();

            assertEndedWith(start, java.util.Arrays.copyOfRange(origin.sent(), 0, 5));
            assertEndedWith(across, java.util.Arrays.copyOfRange(origin.sent(), BLOCK - 10, 2 * BLOCK + 10));
            assertThat(body.kept()).isTrue();
            assertThat(body.readers()).isZero();
        }

        @Test
        void aRangeTheBodyEndsShortOfIsCut() {
            FillBody body = new FillBody(true, 10 * 1024 * 1024);
            ClientStream reader = ClientStream.fast(vertx);
            reader.readRange(body, 10, 1000);

            origin.send(body, 500);
            body.end();

            soon().until(reader::finished);
            assertThat(reader.cuts).hasValue(1);
            assertThat(reader.ends).hasValue(0);
        }

        /**
         * A range far into a relayed body: what lies before it counts as read (let go as it arrives, the
         * origin not held back by it), and once the range is out the body is left unread.
         */
        @Test
        void aRelayedBodyLetsGoOfWhatLiesBeforeTheRange() {
            FillBody body = new FillBody(false, 10 * 1024 * 1024);
            AtomicInteger unread = new AtomicInteger();
            body.onFlow(() -> { }, unread::incrementAndGet);
            ClientStream reader = ClientStream.fast(vertx);
            long from = 4L * WINDOW;
            reader.readRange(body, from, from + 100);

            for (int i = 0; i < 4 * WINDOW / BLOCK; i++) {
                assertThat(origin.send(body, BLOCK)).as("block %d, before the range", i).isTrue();
            }
            origin.send(body, BLOCK);

            assertEndedWith(reader, java.util.Arrays.copyOfRange(origin.sent(), (int) from, (int) from + 100));
            soon().until(() -> unread.get() == 1);
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
            ClientStream reader = ClientStream.stepping(vertx);
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

            ClientStream reader = ClientStream.fast(vertx);
            reader.readFrom(body);
            soon().until(() -> windowFree.get() == 1);
            body.end();
            assertEndedWith(reader, origin.sent());
        }

        /** Chunks that straddle block boundaries, sent as an origin does: pausing when told to, until the window frees. */
        @Test
        void relaysEveryByteAcrossBlockBoundaries() {
            ClientStream reader = ClientStream.fast(vertx);
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
            ClientStream reader = ClientStream.fast(vertx);
            reader.readFrom(body);
            origin.sendAll(body, BLOCK, BLOCK, BLOCK);
            soon().until(() -> reader.receivedLength() == 3 * BLOCK);

            origin.send(body, 1);

            soon().until(() -> !reader.holdsFirstBlock());
        }

        @Test
        void theLastReaderLeavingLeavesTheBodyUnread() {
            ClientStream first = ClientStream.fast(vertx);
            ClientStream second = ClientStream.fast(vertx);
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
            ClientStream reader = ClientStream.stepping(vertx);
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
            ClientStream caughtUp = ClientStream.fast(vertx);
            ClientStream behind = ClientStream.stepping(vertx);
            caughtUp.readFrom(body);
            behind.readFrom(body);
            origin.sendAll(body, 2 * BLOCK + 3);
            soon().until(() -> caughtUp.receivedLength() == 2 * BLOCK + 3);

            body.fail(new IllegalStateException("origin reset"));

            soon().until(caughtUp::finished);
            behind.readToTheEnd();
            for (ClientStream client : new ClientStream[] {caughtUp, behind}) {
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

            ClientStream late = ClientStream.fast(vertx);
            late.readFrom(body);

            soon().until(late::finished);
            assertThat(late.cuts).hasValue(1);
            assertThat(late.ends).hasValue(0);
        }

        @Test
        void aFailureAfterTheEndCutsNothing() {
            ClientStream reader = ClientStream.stepping(vertx);
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
