package io.tiercache.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Continues a Hazelcast async result on a Vert.x context. Hazelcast is always given this
 * executor: left to itself on a 2-core machine it would run each callback on a new thread.
 */
public final class ContextHop {

    private ContextHop() {
    }

    /**
     * Starts a Hazelcast async call and continues its result on {@code context}. A call that throws
     * at once (the member is shutting down or gone) gives a failed future rather than an exception
     * in the caller's callback.
     */
    public static <T> Future<T> onContext(Supplier<CompletionStage<T>> call, Context context) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException memberGone) {
            return Future.failedFuture(memberGone);
        }
        Promise<T> promise = Promise.promise();
        stage.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                promise.fail(unwrap(failure));
            } else {
                promise.complete(value);
            }
        }, executor(context));
        return promise.future();
    }

    /** The same result, continued on {@code context} (a result that another context's call brings). */
    public static <T> Future<T> onContext(Future<T> result, Context context) {
        Promise<T> promise = Promise.promise();
        result.onComplete(done -> context.runOnContext(ignored -> promise.handle(done)));
        return promise.future();
    }

    public static Executor executor(Context context) {
        return command -> context.runOnContext(ignored -> command.run());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
