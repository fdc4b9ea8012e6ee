package io.tiercache.proxy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming gzip decoder (RFC 1952): any split of the input, several members, damage and bombs. */
class GzipDecoderTest {

    private static final byte[] TEXT = CompressionTest.text(100_000);

    @Test
    @DisplayName("decodes input handed over in pieces of any size, output taken in small pieces")
    void decodesInPieces() throws Exception {
        byte[] gzip = CompressionTest.gzip(TEXT);
        for (int piece : new int[] {1, 7, 1000, gzip.length}) {
            assertThat(decode(gzip, piece, Long.MAX_VALUE)).as("pieces of %d", piece).isEqualTo(TEXT);
        }
    }

    @Test
    @DisplayName("RFC 1952 §2.3: optional header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) are skipped")
    void skipsOptionalHeaderFields() throws Exception {
        byte[] plain = CompressionTest.gzip(TEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        out.write(new byte[] {3, 0, 'a', 'b', 'c'});
        out.write("name.txt\0".getBytes());
        out.write("a comment\0".getBytes());
        out.write(new byte[] {0x12, 0x34});
        out.write(plain, 10, plain.length - 10);
        assertThat(decode(out.toByteArray(), 3, Long.MAX_VALUE)).isEqualTo(TEXT);
    }

    @Test
    @DisplayName("RFC 1952 §2.2: several members decode one after the other")
    void decodesSeveralMembers() throws Exception {
        byte[] one = CompressionTest.gzip(Arrays.copyOf(TEXT, 1000));
        byte[] two = CompressionTest.gzip(Arrays.copyOfRange(TEXT, 1000, TEXT.length));
        byte[] both = Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        assertThat(decode(both, 333, Long.MAX_VALUE)).isEqualTo(TEXT);
        assertThat(ContentCoding.check(both, Long.MAX_VALUE)).isEqualTo(ContentCoding.Check.AS_IS);
        assertThat(ContentCoding.check(one, Long.MAX_VALUE)).isEqualTo(ContentCoding.Check.DECODABLE);
    }

    @Test
    @DisplayName("damage, truncation, trailing garbage and a wrong CRC are corrupt; a bomb stops at the limit")
    void rejectsDamageAndBombs() {
        byte[] gzip = CompressionTest.gzip(TEXT);
        byte[] crc = gzip.clone();
        crc[crc.length - 6] ^= 1;
        byte[] garbage = Arrays.copyOf(gzip, gzip.length + 3);
        assertThat(ContentCoding.check(crc, Long.MAX_VALUE)).isEqualTo(ContentCoding.Check.CORRUPT);
        assertThat(ContentCoding.check(Arrays.copyOf(gzip, gzip.length - 1), Long.MAX_VALUE))
                .isEqualTo(ContentCoding.Check.CORRUPT);
        assertThat(ContentCoding.check(garbage, Long.MAX_VALUE)).isEqualTo(ContentCoding.Check.CORRUPT);
        assertThat(ContentCoding.check(TEXT, Long.MAX_VALUE)).isEqualTo(ContentCoding.Check.CORRUPT);
        assertThat(ContentCoding.check(gzip, TEXT.length - 1)).isEqualTo(ContentCoding.Check.AS_IS);
        assertThatThrownBy(() -> decode(CompressionTest.gzip(new byte[4_000_000]), 4096, 1_000_000))
                .isInstanceOf(GzipDecoder.Corrupt.class).hasMessageContaining("more than 1000000");
    }

    private static byte[] decode(byte[] gzip, int piece, long limit) throws GzipDecoder.Corrupt, IOException {
        GzipDecoder decoder = new GzipDecoder(limit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] scratch = new byte[500];
        for (int at = 0; at < gzip.length; at += piece) {
            decoder.input(ByteBuffer.wrap(gzip, at, Math.min(piece, gzip.length - at)));
            int n;
            while ((n = decoder.read(scratch, 0, scratch.length)) > 0) {
                out.write(scratch, 0, n);
            }
            assertThat(decoder.needsInput()).isTrue();
        }
        if (!decoder.complete()) {
            throw new GzipDecoder.Corrupt("truncated");
        }
        decoder.close();
        return out.toByteArray();
    }
}
