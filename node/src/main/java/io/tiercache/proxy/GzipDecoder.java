package io.tiercache.proxy;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip body (RFC 1952) decoded piece by piece: input is handed over as it comes, output taken in
 * pieces of the caller's size, so that memory stays bounded whatever the ratio. Every member's
 * header, CRC-32 and length are checked; anything else is {@link Corrupt}, and output beyond the
 * limit is {@link Corrupt} too (a decompression bomb stops there).
 */
final class GzipDecoder {

    /** The body is not gzip, is truncated or damaged, or decodes to more than the limit. */
    static final class Corrupt extends Exception {
        private final boolean tooLarge;

        Corrupt(String message) {
            this(message, false);
        }

        Corrupt(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        /** Whether the body was sound as far as it was decoded, and only decodes to more than the limit. */
        boolean tooLarge() {
            return tooLarge;
        }
    }

    private enum State { HEADER, BODY, TRAILER, BETWEEN }

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final long limit;
    private ByteBuffer input = ByteBuffer.allocate(0);
    private State state = State.HEADER;
    private long produced;
    private long memberBytes;
    /** Bytes of the current header or trailer read so far; the optional header fields to come, and how far into one. */
    private int read;
    private int flags;
    private int fieldBytes;
    private int extraLength;
    private final byte[] trailer = new byte[8];

    /** @param limit the most bytes the whole body may decode to */
    GzipDecoder(long limit) {
        this.limit = limit;
    }

    /** Hands over the next input. Precondition: {@link #needsInput()}. */
    void input(ByteBuffer next) {
        input = next;
        if (state == State.BODY) {
            inflater.setInput(input);
        }
    }

    /** Whether every byte handed over has been decoded. */
    boolean needsInput() {
        return !input.hasRemaining() && (state != State.BODY || inflater.needsInput());
    }

    /** Whether the input so far is one or more complete members: the body may end here. */
    boolean complete() {
        return state == State.BETWEEN && !input.hasRemaining();
    }

    long produced() {
        return produced;
    }

    /**
     * Decodes into {@code out} from {@code offset}, at most {@code length} bytes. Returns how many;
     * 0 when the input handed over is used up.
     */
    int read(byte[] out, int offset, int length) throws Corrupt {
        while (true) {
            switch (state) {
                case HEADER -> {
                    if (!header()) {
                        return 0;
                    }
                    inflater.reset();
                    inflater.setInput(input);
                    crc.reset();
                    memberBytes = 0;
                    state = State.BODY;
                }
                case BODY -> {
                    int n = inflate(out, offset, length);
                    if (n > 0) {
                        return n;
                    }
                    if (!inflater.finished()) {
                        return 0;
                    }
                    read = 0;
                    state = State.TRAILER;
                }
                case TRAILER -> {
                    if (!trailer()) {
                        return 0;
                    }
                    state = State.BETWEEN;
                }
                case BETWEEN -> {
                    if (!input.hasRemaining()) {
                        return 0;
                    }
                    // RFC 1952 §2.2: members follow one another; anything else after one is damage.
                    read = 0;
                    state = State.HEADER;
                }
            }
        }
    }

    private int inflate(byte[] out, int offset, int length) throws Corrupt {
        int n;
        try {
            n = inflater.inflate(out, offset, length);
        } catch (DataFormatException damaged) {
            throw new Corrupt("damaged deflate data: " + damaged.getMessage());
        }
        if (n == 0 && inflater.needsDictionary()) {
            throw new Corrupt("deflate data asks for a dictionary");
        }
        crc.update(out, offset, n);
        memberBytes += n;
        produced += n;
        if (produced > limit) {
            throw new Corrupt("decodes to more than " + limit + " bytes", true);
        }
        return n;
    }

    /** Reads header bytes; true once the header is complete. */
    private boolean header() throws Corrupt {
        while (input.hasRemaining()) {
            int b = input.get() & 0xff;
            int at = read++;
            if (at == 0 && b != 0x1f || at == 1 && b != 0x8b) {
                throw new Corrupt("not gzip");
            }
            if (at == 2 && b != 8) {
                throw new Corrupt("not deflate");
            }
            if (at == 3) {
                if ((b & 0xe0) != 0) {
                    throw new Corrupt("reserved header flags set");
                }
                flags = b & (FHCRC | FEXTRA | FNAME | FCOMMENT);
            }
            if (at < 9) {
                continue;
            }
            if (at == 9) {
                if (flags == 0) {
                    return true;
                }
                continue;
            }
            if (variablePart(b)) {
                return true;
            }
        }
        return false;
    }

    /** One byte of the optional fields after the fixed ten (FEXTRA, FNAME, FCOMMENT, FHCRC in this order); true at their end. */
    private boolean variablePart(int b) {
        if ((flags & FEXTRA) != 0) {
            int at = fieldBytes++;
            if (at == 0) {
                extraLength = b;
                return false;
            }
            if (at == 1) {
                extraLength |= b << 8;
                return finishedField(FEXTRA, extraLength == 0);
            }
            return finishedField(FEXTRA, at - 1 == extraLength);
        }
        if ((flags & FNAME) != 0) {
            return finishedField(FNAME, b == 0);
        }
        if ((flags & FCOMMENT) != 0) {
            return finishedField(FCOMMENT, b == 0);
        }
        return finishedField(FHCRC, fieldBytes++ == 1);
    }

    private boolean finishedField(int flag, boolean finished) {
        if (finished) {
            flags &= ~flag;
            fieldBytes = 0;
        }
        return flags == 0;
    }

    /** Reads trailer bytes; true once the trailer is read and matches the member. */
    private boolean trailer() throws Corrupt {
        while (read < 8 && input.hasRemaining()) {
            trailer[read++] = input.get();
        }
        if (read < 8) {
            return false;
        }
        if (littleEndian(trailer, 0) != crc.getValue()) {
            throw new Corrupt("CRC-32 mismatch");
        }
        if (littleEndian(trailer, 4) != (memberBytes & 0xffffffffL)) {
            throw new Corrupt("length mismatch");
        }
        return true;
    }

    private static long littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }

    /** The length a whole gzip body decodes to, checked by decoding it (the output is counted, not kept). */
    static long decodedLength(ByteBuffer body, long limit) throws Corrupt {
        GzipDecoder decoder = new GzipDecoder(limit);
        decoder.input(body);
        byte[] scratch = new byte[64 * 1024];
        try {
            while (decoder.read(scratch, 0, scratch.length) > 0) {
                // Counting only.
            }
        } finally {
            decoder.close();
        }
        if (!decoder.complete()) {
            throw new Corrupt("truncated");
        }
        return decoder.produced();
    }

    /** The length the last member of a gzip body declares (ISIZE, RFC 1952 §2.3.1), or -1 when too short. */
    static long lastMemberLength(ByteBuffer body) {
        int end = body.limit();
        if (end - body.position() < 18) {
            return -1;
        }
        byte[] isize = new byte[4];
        body.duplicate().position(end - 4).get(isize);
        return littleEndian(isize, 0);
    }

    /** Lets go of the inflater's native memory; nothing may be decoded afterwards. */
    void close() {
        inflater.end();
    }
}
