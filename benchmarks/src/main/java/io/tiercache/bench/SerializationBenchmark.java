package io.tiercache.bench;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.StoreSerialization;
import io.tiercache.store.StoredEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * StoredEntrySerializer through Hazelcast's serialization service, as the shared map uses it: what
 * a hit in the shared map (not the hot tier) pays to read an entry, and a store pays to write it.
 */
@State(Scope.Thread)
public class SerializationBenchmark {

    @Param({"1024", "102400"})
    public int bodyBytes;

    private InternalSerializationService serialization;
    private CachedResponse response;
    private Data serialized;

    @Setup
    public void setUp() {
        SerializationConfig config = new SerializationConfig();
        StoreSerialization.configure(config);
        serialization = new DefaultSerializationServiceBuilder().setConfig(config).build();
        response = HitFixtures.response(bodyBytes, System.currentTimeMillis(), 0);
        serialized = serialization.toData(response);
    }

    @TearDown
    public void tearDown() {
        serialization.dispose();
    }

    @Benchmark
    public Data write() {
        return serialization.toData(response);
    }

    @Benchmark
    public StoredEntry read() {
        return serialization.toObject(serialized);
    }

    @Benchmark
    public StoredEntry roundTrip() {
        return serialization.toObject(serialization.toData(response));
    }
}
