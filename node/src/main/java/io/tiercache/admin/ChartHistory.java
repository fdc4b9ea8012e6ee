package io.tiercache.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The cluster's figures over the last 15 minutes, one point per step, in a fixed ring: memory stays
 * the same however long the node runs and however many members report.
 */
final class ChartHistory {

    /** The columns of a point, in order; "t" is seconds since the epoch, "purges" the purges answered in the step. */
    static final List<String> COLUMNS = List.of("t", "HIT", "MISS", "EXPIRED", "STALE", "UPDATING", "REVALIDATED",
            "BYPASS", "hitRatio", "originPerSecond", "originP50", "originP99", "purges", "purgeP50",
            "purgeP99");

    private final double[][] points;
    private int next;
    private int size;

    ChartHistory(int capacity) {
        this.points = new double[capacity][];
    }

    synchronized void add(double[] point) {
        if (point.length != COLUMNS.size()) {
            throw new IllegalArgumentException("a point has " + COLUMNS.size() + " columns, not " + point.length);
        }
        points[next] = point;
        next = (next + 1) % points.length;
        size = Math.min(size + 1, points.length);
    }

    synchronized int size() {
        return size;
    }

    /** Column by column, oldest first, as the charts take them; a missing value is null. */
    synchronized JsonObject columns() {
        JsonArray data = new JsonArray();
        for (int column = 0; column < COLUMNS.size(); column++) {
            JsonArray values = new JsonArray();
            for (int i = 0; i < size; i++) {
                double[] point = points[(next - size + i + points.length) % points.length];
                values.add(value(point[column]));
            }
            data.add(values);
        }
        return new JsonObject().put("columns", new JsonArray(COLUMNS)).put("data", data);
    }

    static JsonObject point(double[] point) {
        JsonObject json = new JsonObject();
        for (int column = 0; column < COLUMNS.size(); column++) {
            json.put(COLUMNS.get(column), value(point[column]));
        }
        return json;
    }

    private static Object value(double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        return Math.round(value * 1000) / 1000.0;
    }
}
