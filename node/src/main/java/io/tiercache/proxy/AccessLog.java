package io.tiercache.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, like nginx's access log with $upstream_cache_status: time, client, method,
 * URL, status, cache status, bytes, total and origin time, node. Written to the "tiercache.access"
 * logger so that the logging config decides where it goes.
 */
public final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("tiercache.access");

    private final String node;

    public AccessLog(String node) {
        this.node = node;
    }

    @Override
    public boolean detailed() {
        return LOG.isInfoEnabled();
    }

    @Override
    public void completed(Entry entry) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("{} \"{} {}\" {} {} {}B {}ms origin={} route={} node={} cache-status=\"{}\"",
                entry.client(), entry.method(), entry.uri(), entry.status(), entry.outcome(), entry.bytes(),
                String.format("%.3f", entry.totalMicros() / 1000.0),
                entry.originMicros() < 0 ? "-" : String.format("%.3fms", entry.originMicros() / 1000.0),
                entry.route(), node, entry.cacheStatus());
    }
}
