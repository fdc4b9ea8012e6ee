package io.tiercache.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every finished request by cache status and route, and times origin fetches, in the
 * node's Micrometer registry (scraped at the admin listener's /metrics).
 */
public final class RequestMetrics implements RequestLog {

    private final MeterRegistry registry;
    /** Per route, one counter per cache status, looked up by ordinal: no key is built per request. */
    private final Map<String, Counter[]> requests = new ConcurrentHashMap<>();
    private final Timer originTime;
    private final Timer totalTime;
    private final Counter collapsed;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.originTime = Timer.builder("tiercache.origin.response")
                .description("Time until the origin's response head arrived, for requests that reached the origin")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.totalTime = Timer.builder("tiercache.request.duration")
                .description("Time from a request's arrival to the end of its response")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.collapsed = Counter.builder("tiercache.coalesced.waits")
                .description("Requests that waited for another request's fetch instead of reaching the origin")
                .register(registry);
    }

    @Override
    public void completed(Entry entry) {
        Counter[] byOutcome = requests.get(entry.route());
        if (byOutcome == null) {
            byOutcome = requests.computeIfAbsent(entry.route(), route -> new Counter[CacheOutcome.values().length]);
        }
        Counter counter = byOutcome[entry.outcome().ordinal()];
        if (counter == null) {
            // Racing threads register the same meter: the registry hands both the one counter.
            counter = Counter.builder("tiercache.requests")
                    .description("Finished requests by cache status (nginx's X-Cache-Status values) and route")
                    .tag("status", entry.outcome().name())
                    .tag("route", entry.route())
                    .register(registry);
            byOutcome[entry.outcome().ordinal()] = counter;
        }
        counter.increment();
        totalTime.record(entry.totalMicros(), TimeUnit.MICROSECONDS);
        if (entry.originMicros() >= 0) {
            originTime.record(entry.originMicros(), TimeUnit.MICROSECONDS);
        }
        if (entry.collapsed()) {
            collapsed.increment();
        }
    }
}
