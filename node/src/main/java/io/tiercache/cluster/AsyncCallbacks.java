package io.tiercache.cluster;

import com.hazelcast.internal.util.ConcurrencyUtil;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Hazelcast runs the internal steps of its async results (deserializing a map value before
 * our own callback hops to the Vert.x context). Its default is the common ForkJoinPool, except when
 * that pool has a parallelism of 1, as on a 2-core machine: then it starts a new thread for every
 * completion. Measured on 2 cores with the hot tier off, that made a shared-map hit cost ~345 µs of
 * CPU and ~1,300–2,800 req/s; two long-lived daemon threads replace it for the whole JVM.
 */
final class AsyncCallbacks {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "tiercache-hz-async-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    private AsyncCallbacks() {
    }

    /** Installs the pool for the JVM (again is harmless: it is the same pool); call before a member starts. */
    static void install() {
        ConcurrencyUtil.setDefaultAsyncExecutor(POOL);
    }
}
