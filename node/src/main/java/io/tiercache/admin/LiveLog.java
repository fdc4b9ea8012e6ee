package io.tiercache.admin;

import io.tiercache.cluster.MemberQuestions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /dashboard/log?cache=&status=&route=&node=&q=}: the cluster's access log as it
 * happens, as Server-Sent Events. While a page is open, this node asks every member once a second
 * for what it served since the last answer (each member records only while asked, see
 * {@link LiveTail}), filtered where the entries are, and sends the lines in time order.
 */
final class LiveLog {

    static final String SUBJECT = "log";
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration ASK_WITHIN = Duration.ofMillis(800);

    private final Vertx vertx;
    private final MemberQuestions questions;
    private final LiveTail tail;
    private final String node;
    private final int maxStreams;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    LiveLog(Vertx vertx, MemberQuestions questions, LiveTail tail, String node, int maxStreams) {
        this.vertx = vertx;
        this.questions = questions;
        this.tail = tail;
        this.node = node;
        this.maxStreams = maxStreams;
    }

    /** Answers other members' pages from this member's tail from now on. */
    void answerHere() {
        questions.answer(SUBJECT, body -> {
            JsonObject question = new JsonObject(body);
            tail.watch(System.currentTimeMillis());
            long after = question.getJsonObject("after", new JsonObject()).getLong(node, -1L);
            return tail.since(after, LiveTail.Filter.of(question), node).encode();
        });
    }

    void open(HttpServerRequest request) {
        if (streams.size() >= maxStreams) {
            AdminServer.json(request.response(), 503, new JsonObject().put("error", "too many open access log streams on this node"));
            return;
        }
        JsonObject question = new JsonObject()
                .put("cache", request.getParam("cache"))
                .put("status", request.getParam("status"))
                .put("route", request.getParam("route"))
                .put("q", request.getParam("q"));
        String onlyNode = request.getParam("node") == null || request.getParam("node").isBlank()
                ? null : request.getParam("node").trim();
        Context context = vertx.getOrCreateContext();
        JsonObject after = new JsonObject();
        boolean[] asking = {false};
        long[] timer = {-1};
        EventStream[] opened = new EventStream[1];
        opened[0] = EventStream.open(request, () -> {
            vertx.cancelTimer(timer[0]);
            streams.remove(opened[0]);
        });
        EventStream stream = opened[0];
        streams.add(stream);
        timer[0] = vertx.setPeriodic(0, POLL.toMillis(), tick -> {
            if (asking[0] || !stream.isOpen()) {
                return;
            }
            asking[0] = true;
            questions.ask(SUBJECT, question.copy().put("after", after).encode(), ASK_WITHIN, context)
                    .onComplete(answered -> {
                        asking[0] = false;
                        if (answered.succeeded()) {
                            stream.send("lines", lines(answered.result(), after, onlyNode).encode());
                        }
                    });
        });
    }

    /** Merges the members' answers in time order, and moves each member's cursor past what it sent. */
    private static JsonObject lines(MemberQuestions.Answers answers, JsonObject after, String onlyNode) {
        List<JsonObject> lines = new ArrayList<>();
        long skipped = 0;
        for (var answer : answers.byNode().entrySet()) {
            JsonObject page = new JsonObject(answer.getValue());
            after.put(answer.getKey(), page.getLong("next"));
            if (onlyNode != null && !onlyNode.equals(answer.getKey())) {
                continue;
            }
            skipped += page.getLong("skipped", 0L);
            page.getJsonArray("lines").forEach(line -> lines.add((JsonObject) line));
        }
        lines.sort(Comparator.comparingLong(line -> line.getLong("time", 0L)));
        return new JsonObject().put("lines", new JsonArray(new ArrayList<>(lines))).put("skipped", skipped)
                .put("silent", new JsonArray(answers.silent()));
    }

    void close() {
        streams.forEach(EventStream::close);
    }
}
