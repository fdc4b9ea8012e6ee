package io.tiercache.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of the shared-map entries this member owns, kept so that {@link SharedBudget} can draw
 * a random sample in constant time: Hazelcast's public API offers only {@code localKeySet()}, which
 * scans every owned entry. Fed by a local entry listener; rebuilt from {@code localKeySet()} when
 * partitions move, since migrations fire no per-entry events.
 */
final class OwnedKeys {

    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    synchronized void add(String key) {
        if (positions.putIfAbsent(key, keys.size()) == null) {
            keys.add(key);
        }
    }

    synchronized void remove(String key) {
        Integer position = positions.remove(key);
        if (position == null) {
            return;
        }
        String last = keys.remove(keys.size() - 1);
        if (position < keys.size()) {
            keys.set(position, last);
            positions.put(last, position);
        }
    }

    synchronized void replaceAll(Collection<String> owned) {
        keys.clear();
        positions.clear();
        owned.forEach(this::add);
    }

    synchronized int size() {
        return keys.size();
    }

    /** Up to {@code count} keys drawn at random (with replacement, so a small index may repeat one). */
    synchronized List<String> sample(int count) {
        List<String> sample = new ArrayList<>(count);
        if (keys.isEmpty()) {
            return sample;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            sample.add(keys.get(random.nextInt(keys.size())));
        }
        return sample;
    }
}
