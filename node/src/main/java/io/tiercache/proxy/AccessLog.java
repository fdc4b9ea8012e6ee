package io.tiercache.proxy;

import io.tiercache.config.AccessLogFormat;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * One line per request, like nginx's access log with $upstream_cache_status: time, client, method,
 * URL, status, cache status, bytes, total and origin time, route, node. Written to the
 * "tiercache.access" logger (so the logging config decides where it goes), as text or JSON.
 */
public final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("tiercache.access");

    private final String node;
    private final boolean json;

    public AccessLog(String node, AccessLogFormat format) {
        this.node = node;
        this.json = format == AccessLogFormat.JSON;
    }

    /** The log for this config, or none. */
    public static RequestLog of(String node, AccessLogFormat format) {
        return format == AccessLogFormat.OFF ? RequestLog.NONE : new AccessLog(node, format);
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
        LOG.info(json ? json(entry) : text(entry));
    }

    private String text(Entry entry) {
        return entry.client() + " \"" + entry.method() + ' ' + entry.uri() + "\" " + entry.status() + ' '
                + entry.outcome() + ' ' + entry.bytes() + "B " + millis(entry.totalMicros()) + "ms origin="
                + (entry.originMicros() < 0 ? "-" : millis(entry.originMicros()) + "ms") + " route=" + entry.route()
                + " node=" + node + " cache-status=\"" + entry.cacheStatus() + '"';
    }

    private String json(Entry entry) {
        JsonObject line = new JsonObject()
                .put("time", Instant.ofEpochMilli(entry.startedAtMillis()).toString())
                .put("client", entry.client())
                .put("method", entry.method())
                .put("url", entry.uri())
                .put("status", entry.status())
                .put("cache", entry.outcome().name())
                .put("cacheStatus", entry.cacheStatus())
                .put("bytes", entry.bytes())
                .put("ms", entry.totalMicros() / 1000.0)
                .put("route", entry.route())
                .put("node", node);
        if (entry.originMicros() >= 0) {
            line.put("originMs", entry.originMicros() / 1000.0);
        }
        if (entry.collapsed()) {
            line.put("collapsed", true);
        }
        return line.encode();
    }

    private static String millis(long micros) {
        long whole = micros / 1000;
        long fraction = micros % 1000;
        return whole + "." + (fraction < 100 ? (fraction < 10 ? "00" : "0") : "") + fraction;
    }
}
