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
 *
 * <p>The upgrade story, for nodes of different releases sharing one map during a rolling upgrade:
 * <ul>
 *   <li>Every format starts with its version and the entry's location, in a layout that never
 *       changes, so that any node can tell where an entry belongs and purge it.</li>
 *   <li>A response ends with a list of extensions ({@code id, bytes}): a release adds a field as a
 *       new extension, and older readers skip the ids they do not know. This is how fields are
 *       added without a new version.</li>
 *   <li>A change older readers cannot skip takes a new version. A node that meets a version it
 *       does not know reads the location and gives an {@link UnreadableEntry}: a miss, never a
 *       failed request; the fill that follows replaces it.</li>
 *   <li>Version 1 (before extensions) is still read.</li>
 *   <li>The head of a sliced object is a kind of its own: a release before slices reads it as an
 *       unreadable entry (a miss, and a full fetch), never as a response with an empty body.</li>
 * </ul>
 */
public final class StoredEntrySerializer implements StreamSerializer<StoredEntry> {

    /** Hazelcast serializer type id; must be positive and unique among custom serializers. */
    public static final int TYPE_ID = 7301;

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_VERSION = 2;
    private static final byte RESPONSE = 1;
    private static final byte VARIANT_INDEX = 2;
    private static final byte SLICED_RESPONSE = 3;

    /** Set while a caller reads entry metadata on this thread and has no use for the values. */
    private static final ThreadLocal<Boolean> SKIPPING_VALUES = ThreadLocal.withInitial(() -> false);

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, StoredEntry entry) throws IOException {
        if (entry instanceof UnreadableEntry) {
            throw new IOException("an entry in an unknown format cannot be written back");
        }
        out.writeByte(FORMAT_VERSION);
        writeLocation(out, entry.location());
        if (entry instanceof CachedResponse response) {
            SliceLayout slices = response.slices();
            out.writeByte(slices == null ? RESPONSE : SLICED_RESPONSE);
            writeResponse(out, response);
            if (slices != null) {
                out.writeLong(slices.length());
                out.writeLong(slices.sliceBytes());
            }
            // No extensions yet: a later release appends (id, bytes) pairs here.
            out.writeShort(0);
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
        CacheLocation location = readLocation(in);
        if (version != FORMAT_VERSION && version != FORMAT_V1) {
            return new UnreadableEntry(location, version);
        }
        byte kind = in.readByte();
        return switch (kind) {
            case RESPONSE -> {
                CachedResponse response = readResponse(in, location);
                if (version >= FORMAT_VERSION) {
                    skipExtensions(in);
                }
                yield response;
            }
            case SLICED_RESPONSE -> {
                CachedResponse head = readResponse(in, location);
                SliceLayout slices = new SliceLayout(in.readLong(), in.readLong());
                skipExtensions(in);
                yield head.withSlices(slices);
            }
            case VARIANT_INDEX -> new VariantIndex(location, readStrings(in), readStrings(in), in.readLong());
            default -> new UnreadableEntry(location, version);
        };
    }

    /** Extensions this release does not know; none are known yet. */
    private static void skipExtensions(ObjectDataInput in) throws IOException {
        int count = in.readShort();
        for (int i = 0; i < count; i++) {
            in.readShort();
            in.readByteArray();
        }
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
