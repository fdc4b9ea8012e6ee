package io.tiercache.cluster;

import io.tiercache.config.ClusterConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fleet's shared secret and the two things derived from it: the cluster name members present
 * when they join, so that a member without the secret is turned away, and the key that
 * authenticates the cluster's own messages (purges, acks, replacement notices), so that a message
 * made without the secret is never applied. Hazelcast OSS has no member authentication; this is
 * what it allows.
 *
 * <p>Without a secret (a loopback bind only, see {@code ConfigBinder}) the name is the plain one and
 * messages carry no MAC: a MAC keyed by a public constant would protect nothing.
 */
public final class ClusterSecret {

    static final String ALGORITHM = "HmacSHA256";
    /** 128 bits of the derived name tag: enough that the name cannot be guessed, short enough for logs. */
    private static final int NAME_TAG_BYTES = 16;
    private static final byte[] NO_MAC = new byte[0];

    private final String name;
    private final String wireName;
    private final SecretKeySpec messageKey;

    private ClusterSecret(String name, String wireName, SecretKeySpec messageKey) {
        this.name = name;
        this.wireName = wireName;
        this.messageKey = messageKey;
    }

    public static ClusterSecret of(ClusterConfig cluster) {
        if (cluster.secret() == null) {
            return new ClusterSecret(cluster.name(), cluster.name(), null);
        }
        // RFC 5869 §2.2: extract a uniformly random key from the secret text.
        byte[] pseudoRandomKey = hmac("tiercache".getBytes(StandardCharsets.UTF_8),
                cluster.secret().getBytes(StandardCharsets.UTF_8));
        byte[] nameTag = expand(pseudoRandomKey, "cluster name", cluster.name());
        byte[] messageKey = expand(pseudoRandomKey, "messages", cluster.name());
        String wireName = cluster.name() + "-" + HexFormat.of().formatHex(Arrays.copyOf(nameTag, NAME_TAG_BYTES));
        return new ClusterSecret(cluster.name(), wireName, new SecretKeySpec(messageKey, ALGORITHM));
    }

    /** RFC 5869 §2.3 with one output block: a key for one purpose, bound to the cluster name. */
    private static byte[] expand(byte[] pseudoRandomKey, String purpose, String clusterName) {
        byte[] info = ("tiercache " + purpose + "\0" + clusterName + "\1").getBytes(StandardCharsets.UTF_8);
        return hmac(pseudoRandomKey, info);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        Mac mac = newMac(new SecretKeySpec(key, ALGORITHM));
        return mac.doFinal(data);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }

    /** Whether messages are authenticated: false only for a secret-less cluster on loopback. */
    public boolean authenticates() {
        return messageKey != null;
    }

    /** The cluster name as Hazelcast sees it: the plain name, or the name with a tag only the secret gives. */
    public String wireName() {
        return wireName;
    }

    /** The MAC of a message's content, or an empty one without a secret. */
    byte[] mac(AuthenticatedMessage message) {
        if (messageKey == null) {
            return NO_MAC;
        }
        MessageMac mac = new MessageMac(newMac(messageKey));
        mac.number(message.getClassId());
        message.authenticate(mac);
        return mac.finish();
    }

    /** Whether the message's MAC is the one its content should carry; compared in constant time. */
    boolean verifies(AuthenticatedMessage message) {
        return messageKey == null || MessageDigest.isEqual(mac(message), message.mac());
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + name + (messageKey == null ? ", none]" : ", set]");
    }
}
