package io.tiercache.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.tiercache.store.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Asks every member a question and gathers the answers within a deadline: members that have not
 * answered by then are named as silent, and the asker goes on without them. Questions run on a
 * small executor of their own ({@link #EXECUTOR}), never on the members' event loops or partition
 * threads. Like entry processors, questions come only from members: a process without the cluster
 * secret cannot join and so cannot ask.
 */
public final class MemberQuestions {

    public static final String EXECUTOR = "tiercache-questions";
    /** Threads per member for questions: they read local state, so two keep up with any page. */
    static final int THREADS = 2;
    static final int QUEUE = 64;
    private static final String ANSWERERS = "tiercache.answerers";

    /** The answers by node name, and the members that did not answer in time (or failed to). */
    public record Answers(Map<String, String> byNode, List<String> silent) {
    }

    private final HazelcastInstance hazelcast;
    private final Vertx vertx;

    public MemberQuestions(HazelcastInstance hazelcast, Vertx vertx) {
        this.hazelcast = hazelcast;
        this.vertx = vertx;
    }

    /**
     * Answers questions on {@code subject} on this member from now on. The answerer runs on the
     * questions' executor: it reads local state and returns a JSON text.
     */
    public void answer(String subject, Function<String, String> answerer) {
        answerers(hazelcast).put(subject, answerer);
    }

    /** Asks every current member, this one included; completes on {@code context}. */
    public Future<Answers> ask(String subject, String body, Duration within, Context context) {
        Promise<Answers> gathered = Promise.promise();
        context.runOnContext(start -> {
            Set<Member> members = hazelcast.getCluster().getMembers();
            Map<String, String> answers = new LinkedHashMap<>();
            List<String> silent = new ArrayList<>();
            members.forEach(member -> silent.add(name(member)));
            int[] pending = {members.size()};
            Runnable settle = () -> gathered.tryComplete(new Answers(Map.copyOf(answers), List.copyOf(silent)));
            long timer = vertx.setTimer(within.toMillis(), expired -> settle.run());
            IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
            for (Member member : members) {
                ContextHop.onContext(() -> stage(executor.submitToMember(new MemberQuestion(subject, body), member)),
                        context).onComplete(answered -> {
                    if (answered.succeeded() && answered.result() != null && !gathered.future().isComplete()) {
                        answers.put(name(member), answered.result());
                        silent.remove(name(member));
                    }
                    if (--pending[0] == 0) {
                        vertx.cancelTimer(timer);
                        settle.run();
                    }
                });
            }
        });
        return gathered.future();
    }

    /** Hazelcast's executor futures are completable; anything else would be a change of Hazelcast's API. */
    private static CompletionStage<String> stage(java.util.concurrent.Future<String> future) {
        if (future instanceof CompletableFuture<String> completable) {
            return completable;
        }
        throw new IllegalStateException("Hazelcast's executor returned a " + future.getClass().getName());
    }

    /** Runs on the member asked: the registered answerer, or null when this member does not know the subject. */
    static String answer(HazelcastInstance hazelcast, String subject, String body) {
        Function<String, String> answerer = answerers(hazelcast).get(subject);
        return answerer == null ? null : answerer.apply(body);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, Function<String, String>> answerers(HazelcastInstance hazelcast) {
        return (ConcurrentMap<String, Function<String, String>>) hazelcast.getUserContext()
                .computeIfAbsent(ANSWERERS, key -> new ConcurrentHashMap<String, Function<String, String>>());
    }

    static String name(Member member) {
        String name = member.getAttribute(ClusterMember.NODE_NAME_ATTRIBUTE);
        return name != null ? name : member.getAddress().toString();
    }
}
