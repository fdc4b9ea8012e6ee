package io.tiercache.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands a purge the keys stored under one URL (on one host, or every host), on the partition that
 * owns the index entry. A hard purge also takes them out of the index, since their entries are about
 * to go; a soft purge leaves them, since its entries stay (stale). Returns the keys, or null when
 * nothing was recorded.
 */
public final class TakeUrlKeys implements EntryProcessor<String, UrlKeys, UrlKeys>, IdentifiedDataSerializable {

    private String host;
    private boolean soft;

    public TakeUrlKeys() {
    }

    TakeUrlKeys(String host, boolean soft) {
        this.host = host;
        this.soft = soft;
    }

    @Override
    public UrlKeys process(Map.Entry<String, UrlKeys> entry) {
        UrlKeys current = entry.getValue();
        if (current == null) {
            return null;
        }
        List<String> taken = new ArrayList<>();
        List<String> takenHosts = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> keptHosts = new ArrayList<>();
        for (int i = 0; i < current.keys().size(); i++) {
            boolean covered = host == null || host.equals(current.hosts().get(i));
            (covered ? taken : kept).add(current.keys().get(i));
            (covered ? takenHosts : keptHosts).add(current.hosts().get(i));
        }
        if (!soft) {
            if (kept.isEmpty() && (host == null || !current.overflowed())) {
                entry.setValue(null);
            } else if (!taken.isEmpty()) {
                long ttl = Math.max(1, current.expiresAt() - System.currentTimeMillis());
                ((ExtendedMapEntry<String, UrlKeys>) entry).setValue(
                        new UrlKeys(kept, keptHosts, current.expiresAt(), current.overflowed()), ttl, TimeUnit.MILLISECONDS);
            }
        }
        return new UrlKeys(taken, takenHosts, current.expiresAt(), current.overflowed());
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.TAKE_URL_KEYS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(host);
        out.writeBoolean(soft);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        host = in.readString();
        soft = in.readBoolean();
    }
}
