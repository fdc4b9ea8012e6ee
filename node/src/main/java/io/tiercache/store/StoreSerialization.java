package io.tiercache.store;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Registers the store's serializers with a Hazelcast member. */
public final class StoreSerialization {

    public static final int FACTORY_ID = 7300;

    static final int RECORD_VARIANT = 1;
    static final int APPLY_PURGE = 2;
    static final int DROP_CHANGED_OBJECT = 3;
    static final int URL_KEYS = 20;
    static final int RECORD_URL_KEYS = 21;
    static final int READ_URL_KEYS = 22;

    private StoreSerialization() {
    }

    public static void configure(SerializationConfig config) {
        config.addSerializerConfig(new SerializerConfig()
                .setTypeClass(StoredEntry.class)
                .setImplementation(new StoredEntrySerializer()));
        config.addDataSerializableFactory(FACTORY_ID, factory());
    }

    private static DataSerializableFactory factory() {
        return typeId -> {
            IdentifiedDataSerializable created = switch (typeId) {
                case RECORD_VARIANT -> new RecordVariant();
                case APPLY_PURGE -> new ApplyPurge();
                case DROP_CHANGED_OBJECT -> new DropChangedObject();
                case URL_KEYS -> new UrlKeys();
                case RECORD_URL_KEYS -> new RecordUrlKeys();
                case READ_URL_KEYS -> new ReadUrlKeys();
                default -> null;
            };
            return created;
        };
    }
}
