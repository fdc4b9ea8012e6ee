package io.tiercache.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.tiercache.policy.HeaderList;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The wire and storage format of shared-map values: a compact, versioned binary layout instead of
 * Java serialization, so that a stored entry costs little more than its bytes.
 */
public final class StoredEntrySerializer implements StreamSerializer<StoredEntry> {

    /** Hazelcast serializer type id; must be positive and unique among custom serializers. */
    public static final int TYPE_ID = 7301;

    private static final byte FORMAT_VERSION = 1;
    private static final byte RESPONSE = 1;
    private static final byte VARIANT_INDEX = 2;

    /** Set while a caller reads entry metadata on this thread and has no use for the values. */
    private static final ThreadLocal<Boolean> SKIPPING_VALUES = ThreadLocal.withInitial(() -> false);

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, StoredEntry entry) throws IOException {
        out.writeByte(FORMAT_VERSION);
        writeLocation(out, entry.location());
        if (entry instanceof CachedResponse response) {
            out.writeByte(RESPONSE);
            writeResponse(out, response);
        } else if (entry instanceof VariantIndex index) {
            out.writeByte(VARIANT_INDEX);
            writeStrings(out, index.varyFields());
            writeStrings(out, index.variantKeys());
            out.writeLong(index.expiresAt());
        }
    }

    /**
     * Runs a blocking Hazelcast read on this thread with every stored value read as null. Hazelcast
     * deserializes an {@code EntryView}'s value in the calling thread; the budget keeper samples
     * entry metadata and would otherwise copy each sampled body, megabytes each, only to drop it.
     */
    static <T> T skippingValues(Supplier<T> read) {
        SKIPPING_VALUES.set(true);
        try {
            return read.get();
        } finally {
            SKIPPING_VALUES.set(false);
        }
    }

    @Override
    public StoredEntry read(ObjectDataInput in) throws IOException {
        if (SKIPPING_VALUES.get()) {
            return null;
        }
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown stored entry format " + version);
        }
        CacheLocation location = readLocation(in);
        byte kind = in.readByte();
        return switch (kind) {
            case RESPONSE -> readResponse(in, location);
            case VARIANT_INDEX -> new VariantIndex(location, readStrings(in), readStrings(in), in.readLong());
            default -> throw new IOException("unknown stored entry kind " + kind);
        };
    }

    private static void writeResponse(ObjectDataOutput out, CachedResponse response) throws IOException {
        out.writeString(response.variantKey());
        out.writeShort(response.status());
        HeaderList headers = response.headers();
        out.writeInt(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            out.writeString(headers.name(i));
            out.writeString(headers.value(i));
        }
        out.writeByteArray(response.body());
        out.writeStringArray(response.getTags());
        CachedResponse.Timing timing = response.timing();
        out.writeLong(timing.requestTime());
        out.writeLong(timing.responseTime());
        out.writeLong(timing.initialAge());
        CachedResponse.Freshness freshness = response.freshness();
        out.writeLong(freshness.lifetime());
        out.writeLong(freshness.staleWhileRevalidate());
        out.writeLong(freshness.staleIfError());
        out.writeBoolean(freshness.revalidateAlways());
        out.writeBoolean(freshness.staleForbidden());
        out.writeString(freshness.source());
        out.writeLong(response.softPurgedAt());
        out.writeLong(response.purgeEpoch());
        out.writeString(response.storedBy());
    }

    private static CachedResponse readResponse(ObjectDataInput in, CacheLocation location) throws IOException {
        String variantKey = in.readString();
        int status = in.readShort();
        int headerCount = in.readInt();
        HeaderList.Builder headers = HeaderList.builder();
        for (int i = 0; i < headerCount; i++) {
            headers.add(in.readString(), in.readString());
        }
        byte[] body = in.readByteArray();
        String[] tags = in.readStringArray();
        CachedResponse.Timing timing = new CachedResponse.Timing(in.readLong(), in.readLong(), in.readLong());
        CachedResponse.Freshness freshness = new CachedResponse.Freshness(
                in.readLong(), in.readLong(), in.readLong(), in.readBoolean(), in.readBoolean(), in.readString());
        long softPurgedAt = in.readLong();
        long purgeEpoch = in.readLong();
        String storedBy = in.readString();
        return new CachedResponse(location, variantKey, status, headers.build(), body, tags, timing, freshness,
                softPurgedAt, purgeEpoch, storedBy);
    }

    private static void writeLocation(ObjectDataOutput out, CacheLocation location) throws IOException {
        out.writeString(location.primaryKey());
        out.writeString(location.url());
        out.writeString(location.host());
        out.writeString(location.path());
        out.writeString(location.pathQuery());
    }

    private static CacheLocation readLocation(ObjectDataInput in) throws IOException {
        return new CacheLocation(in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
    }

    private static void writeStrings(ObjectDataOutput out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String value : strings) {
            out.writeString(value);
        }
    }

    private static List<String> readStrings(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        List<String> strings = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            strings.add(in.readString());
        }
        return strings;
    }
}
