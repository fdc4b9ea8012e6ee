package io.tiercache.cluster;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The MAC of one message, fed field by field. Every variable-length field is prefixed with its
 * length, so that no two different contents feed the same bytes.
 */
final class MessageMac {

    private final Mac mac;
    private final byte[] number = new byte[Long.BYTES];

    MessageMac(Mac mac) {
        this.mac = mac;
    }

    MessageMac number(long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            number[i] = (byte) (value >>> (56 - 8 * i));
        }
        mac.update(number);
        return this;
    }

    MessageMac flag(boolean value) {
        return number(value ? 1 : 0);
    }

    MessageMac id(UUID id) {
        return number(id.getMostSignificantBits()).number(id.getLeastSignificantBits());
    }

    /** A text, or null (which feeds differently from every text). */
    MessageMac text(String text) {
        if (text == null) {
            return number(-1);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        number(bytes.length);
        mac.update(bytes);
        return this;
    }

    MessageMac texts(List<String> texts) {
        number(texts.size());
        texts.forEach(this::text);
        return this;
    }

    byte[] finish() {
        return mac.doFinal();
    }
}
