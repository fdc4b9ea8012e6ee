package io.tiercache.proxy;

import io.tiercache.cluster.RefreshLease;
import io.tiercache.config.RouteCompression;
import io.tiercache.config.StaleCondition;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.NotModifiedUpdate;
import io.tiercache.policy.Reuse;
import io.tiercache.policy.Storability;
import io.tiercache.policy.StoreDecision;
import io.tiercache.policy.Validators;
import io.tiercache.policy.Vary;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.Lookup;
import io.tiercache.store.PreparedResponse;
import io.tiercache.store.SliceLayout;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One fetch of one key from the origin, whoever asked for it: a visitor's miss or revalidation, a
 * stale-while-revalidate or soft-purge refresh, a warm-up, a forced refresh. In the manner of
 * Varnish's cache_fetch.c it moves through named steps:
 *
 * <pre>
 * LEASE ──► LOOK_AGAIN ──► FETCH ──► HEAD ──► BODY ──► STORE            a response, streamed while stored
 *   │            └── found ◄───┐              └──► REVALIDATE           a 304 freshens the stored one
 *   └── held elsewhere: WAIT_LEASE ──► (ended) LOOK_AGAIN / deadline: FETCH without the lease
 * </pre>
 *
 * It owns the key's local registration (requests on this node join it rather than fetch again),
 * the cluster lease (claimed, renewed while fetching, released), the storability decision, the
 * store, hit-for-miss marking and exactly one completion, which always runs: a failure anywhere,
 * even a bug, ends in {@link #complete}, which releases the lease at once, unregisters the key and
 * tells every waiting request.
 *
 * <p>The body is read at the origin's pace into a {@link FillBody} and stored when it ends; the
 * requests reading it go at their own pace. Each step runs on the fill's event loop.
 */
final class Fill {

    private static final Logger LOG = LoggerFactory.getLogger(Fill.class);
    /** How long a wait on another node's lease lasts before this fill looks at the key again. */
    private static final long LEASE_RECHECK_MILLIS = 3000;

    /** Who asked. */
    enum Kind {
        /** A visitor's miss or revalidation: its body streams to the visitor while it is stored. */
        VISITOR,
        /** A background refresh (stale-while-revalidate, soft purge): no visitor, never without the lease. */
        REFRESH,
        /** A forced refresh (warm-up with force, a client's force-refresh header): a full fetch that replaces. */
        FORCED
    }

    enum Step { LEASE, WAIT_LEASE, LOOK_AGAIN, FETCH, HEAD, REVALIDATE, BODY, STORE }

    /** How a fill ended, for metrics and for requests that wait for the end. */
    enum Result { STORED, NOT_STORED, UNCACHEABLE, FOUND, ORIGIN_FAILED, FAILED }

    /** What the fill delivers to the requests that joined it, known once the origin's head arrived or an entry was found. */
    sealed interface Outcome permits Found, Fetched, Failed, Changed {
    }

    /**
     * A usable entry: stored by another node's fill while this one waited, found on looking again,
     * or the stored response freshened by a 304.
     */
    record Found(PreparedResponse response, boolean revalidated, boolean stored) implements Outcome {
    }

    /** The origin's response, its body arriving. */
    record Fetched(FillResponse response) implements Outcome {
    }

    /**
     * The origin failed (or answered an error that a stored copy may stand in for), or the fill
     * itself failed.
     *
     * @param condition the nginx proxy_cache_use_stale condition it meets, or null for an internal failure
     * @param retry     the fill brought nothing a request can use (a background refresh that left the
     *                  key to another node, or kept an error out): look again and fetch if need be
     */
    record Failed(StaleCondition condition, String why, boolean retry) implements Outcome {

        /** The origin could not be reached: refused, reset or closed the connection before its head, or timed out. */
        boolean unreachable() {
            return !retry && (condition == StaleCondition.ERROR || condition == StaleCondition.TIMEOUT);
        }
    }

    /** A slice fetch found the object changed at the origin since its head was stored: the head is out of date. */
    record Changed() implements Outcome {
    }

    private final ProxyNode node;
    private final FillRequest request;
    private final boolean shared;
    private final String key;
    private final long startedAt;
    private final long deadlineNanos;
    private final List<Waiter<Outcome>> outcomeWaiters = new ArrayList<>();
    private final List<Waiter<Result>> resultWaiters = new ArrayList<>();
    private PreparedResponse candidate;
    private Validators validators;
    private RefreshLease.Held lease;
    private RefreshLease.Watch watch;
    private boolean lookedAgain;
    private OriginFetch.Exchange exchange;
    private StoreDecision decision;
    private FillResponse response;
    /** The route stores this response compressed ({@link Compressor}). */
    private boolean compressing;
    private SliceFetch.Ask slicing;
    private SliceFetch.Part slicePart;
    private boolean leaderPending;
    private Outcome outcome;
    private Result result;

    private record Waiter<T>(Promise<T> promise, Context context) {
    }

    /**
     * @param shared whether the fill is registered for its key (others join it) and takes the
     *               cluster lease; a hit-for-miss fill is neither
     */
    Fill(ProxyNode node, FillRequest request, boolean shared) {
        this.node = node;
        this.request = request;
        this.shared = shared;
        this.key = request.key();
        this.startedAt = node.store().now();
        this.deadlineNanos = System.nanoTime() + node.lockTimeoutMillis() * 1_000_000;
        this.candidate = request.candidate();
        this.validators = request.validators();
        this.slicing = request.slicing();
        this.leaderPending = request.kind() != Kind.REFRESH;
    }

    String key() {
        return key;
    }

    /** Whether this fill began after {@code time}, so that what it brings is newer than a response from then. */
    boolean startedAfter(long time) {
        return startedAt > time;
    }

    Kind kind() {
        return request.kind();
    }

    /** The slice this fill was asked for, or null. */
    SliceFetch.Ask slicing() {
        return request.slicing();
    }

    void start() {
        request.context().runOnContext(ignored -> run(shared ? Step.LEASE : Step.FETCH));
    }

    /** What the fill will deliver, on the caller's event loop. */
    Future<Outcome> outcome(Context context) {
        Promise<Outcome> promise = Promise.promise();
        synchronized (this) {
            if (outcome == null) {
                outcomeWaiters.add(new Waiter<>(promise, context));
                return promise.future();
            }
        }
        return Future.succeededFuture(outcome);
    }

    /** How the fill ended, on the caller's event loop. */
    Future<Result> done(Context context) {
        Promise<Result> promise = Promise.promise();
        synchronized (this) {
            if (result == null) {
                resultWaiters.add(new Waiter<>(promise, context));
                return promise.future();
            }
        }
        return Future.succeededFuture(result);
    }

    /**
     * Runs steps until one continues asynchronously; a failure anywhere completes the fill. Nothing
     * runs once the fill is complete (an abandoned exchange may still report its end).
     */
    private void resume(Supplier<Step> continuation) {
        if (result != null) {
            return;
        }
        Step step = null;
        try {
            step = continuation.get();
            while (step != null) {
                node.probe().entering(step);
                step = switch (step) {
                    case LEASE -> claimLease();
                    case WAIT_LEASE -> waitForLease();
                    case LOOK_AGAIN -> lookAgain();
                    case FETCH -> fetch();
                    case HEAD -> head();
                    case REVALIDATE -> revalidate();
                    case BODY -> body();
                    case STORE -> store();
                };
            }
        } catch (RuntimeException failure) {
            LOG.error("fill of {} failed in step {}", request.location().url(), step, failure);
            try {
                abandon();
            } finally {
                complete(Result.FAILED, new Failed(null, "internal error", false));
            }
        }
    }

    private void run(Step step) {
        resume(() -> step);
    }

    /** One fetch per key across the cluster. Precondition: this fill is registered for its key on this node. */
    private Step claimLease() {
        watch = node.leases().watch(key, request.context());
        node.leases().claim(key, request.context()).onComplete(claimed -> resume(() -> claimed(claimed)));
        return null;
    }

    private Step claimed(AsyncResult<RefreshLease.Claim> claimed) {
        if (claimed.failed()) {
            cancelWatch();
            LOG.warn("lease claim for {} failed; fetching without it: {}", request.location().url(),
                    claimed.cause().toString());
            return request.kind() == Kind.REFRESH ? finishWithoutFetching() : Step.FETCH;
        }
        return switch (claimed.result()) {
            case WON -> {
                cancelWatch();
                lease = node.leases().hold(key, request.context());
                yield lookedAgain || request.kind() == Kind.FORCED ? Step.FETCH : Step.LOOK_AGAIN;
            }
            case UNCACHEABLE -> {
                cancelWatch();
                node.fills().markUncacheable(key);
                yield request.kind() == Kind.REFRESH ? finishWithoutFetching() : Step.FETCH;
            }
            case HELD -> Step.WAIT_LEASE;
        };
    }

    /**
     * Another node fetches the key: wait for its lease to end, at most until the one deadline. The
     * lease's end is an event, and an event can be lost when the holder's member dies while its
     * partitions move: looking again every few seconds bounds what a lost one costs.
     */
    private Step waitForLease() {
        long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        watch.await(Math.min(left, LEASE_RECHECK_MILLIS)).onComplete(ended -> run(Step.LOOK_AGAIN));
        return null;
    }

    /** Looks in the shared map: another node's fill may have landed since this request looked. */
    private Step lookAgain() {
        lookedAgain = true;
        Future<Lookup> looking = slicing instanceof SliceFetch.One slice
                ? node.store().slice(slice.head(), slice.index(), request.context()).map(Lookup::found)
                : node.store().shared(request.location(), request.fields(), request.context());
        looking.onComplete(looked -> resume(() -> lookedAgain(looked)));
        return null;
    }

    /** After {@link #lookAgain}: done when the entry found is current; otherwise fetch, or claim once more. */
    private Step lookedAgain(AsyncResult<Lookup> looked) {
        PreparedResponse found = looked.succeeded() ? looked.result().found() : null;
        if (found != null && current(found.response())) {
            complete(Result.FOUND, new Found(found, false, false));
            return null;
        }
        if (found != null && candidate == null && request.kind() != Kind.FORCED && slicing == null) {
            candidate = found;
            validators = Validators.of(found.response().headers());
        }
        if (lease != null) {
            return Step.FETCH;
        }
        if (System.nanoTime() - deadlineNanos < 0) {
            return Step.LEASE;
        }
        // The one deadline passed while another node held the lease: a visitor fetches regardless (nginx
        // proxy_cache_lock_timeout); a background refresh leaves it to the holder or to a later request.
        return request.kind() == Kind.REFRESH ? finishWithoutFetching() : Step.FETCH;
    }

    /**
     * Whether an entry found on looking again makes this fetch unneeded: fetched since this fill
     * began (what a forced refresh or a no-cache request asks for), or, for a revalidation, fresh
     * and newer than the candidate (another node refreshed it since it was read), or, for a miss,
     * fresh. A revalidation fill exists because its candidate would not do, so the candidate's own
     * freshness is no answer.
     */
    private boolean current(CachedResponse found) {
        if (slicing instanceof SliceFetch.One slice) {
            // A slice is as fresh as its object's head; it only has to be of that object.
            return SliceFetch.belongsTo(found, slice.head(), slice.index());
        }
        if (found.softPurged()) {
            return false;
        }
        if (request.candidate() != null
                && found.responseTimeMillis() <= request.candidate().response().responseTimeMillis()) {
            // The very copy this fill revalidates (the store's clock counts milliseconds: it may share
            // the one this fill began in), or an older one.
            return false;
        }
        if (found.responseTimeMillis() >= startedAt) {
            return true;
        }
        boolean fresh = found.freshnessLeftMillis(node.store().now()) > 0;
        if (request.candidate() != null) {
            return fresh && found.responseTimeMillis() > request.candidate().response().responseTimeMillis();
        }
        return request.kind() != Kind.FORCED && fresh;
    }

    private Step finishWithoutFetching() {
        complete(Result.NOT_STORED, new Failed(StaleCondition.ERROR, "refreshed elsewhere", true));
        return null;
    }

    private Step fetch() {
        OriginFetch.send(request.origin(), node.store(), request.headers(), request.target(), request.clientIp(),
                request.kind() == Kind.FORCED ? Validators.NONE : validators, slicing, request.interim())
                .onComplete(sent -> resume(() -> {
                    if (sent.failed()) {
                        return originFailed(sent.cause());
                    }
                    exchange = sent.result();
                    return Step.HEAD;
                }));
        return null;
    }

    /** The origin's head arrived: decide what to deliver. Precondition: {@code exchange} holds it, paused. */
    private Step head() {
        HttpClientResponse origin = exchange.response();
        ContentCoding.varyOnCoding(origin.headers());
        int code = origin.statusCode();
        if (code == 304 && candidate != null && validators.any()) {
            return Step.REVALIDATE;
        }
        return slicing != null ? slicedHead(code) : respond(code);
    }

    /**
     * The head of an answer to a slice request: a slice (of a known object, or the first of one found
     * to be larger than a slice), the whole object in one part, or no part at all (an ordinary
     * response, or one fetched again without Range).
     */
    private Step slicedHead(int code) {
        VertxHeaders origin = exchange.headers();
        StoreDecision asWhole = storability(200, origin);
        SliceFetch.Ask asked = slicing;
        slicing = null;
        SliceFetch.Verdict verdict = SliceFetch.judge(asked, code, origin, asWhole.storable());
        switch (verdict) {
            case ORDINARY -> {
                return respond(code);
            }
            case REFETCH_WHOLE -> {
                exchange.discard();
                exchange = null;
                return Step.FETCH;
            }
            case CHANGED -> {
                exchange.discard();
                complete(Result.NOT_STORED, new Changed());
                return null;
            }
            default -> {
                // A part (the slice asked for, or the whole object): kept and sent on as the object's.
            }
        }
        long completeLength = SliceFetch.completeLength(origin);
        // A slice's place is its key; the whole object in one part is a plain 200.
        origin.headers().remove(PartialContent.CONTENT_RANGE);
        if (asked instanceof SliceFetch.One one) {
            slicePart = new SliceFetch.Part(one.head(), one.index(), false);
        } else if (verdict == SliceFetch.Verdict.SLICED) {
            SliceFetch.First first = (SliceFetch.First) asked;
            CachedResponse head = node.capture().capture(request.location(), variantKey(origin, true), 200, origin,
                    new byte[0], asWhole, exchange.requestTime(), exchange.responseTime(), exchange.purgeEpoch(),
                    node.nodeName()).withSlices(new SliceLayout(completeLength, first.sliceBytes()));
            slicePart = new SliceFetch.Part(head, first.index(), true);
        }
        return respond(200);
    }

    /** Decides what to deliver from the origin's status and fields. */
    private Step respond(int code) {
        HttpClientResponse origin = exchange.response();
        StaleCondition error = StaleCondition.ofStatus(code).orElse(null);
        if (candidate != null && error != null && mayServeCandidateOn(error)) {
            exchange.discard();
            complete(Result.ORIGIN_FAILED, new Failed(error, "origin answered " + code, false));
            return null;
        }
        decision = storability(code, exchange.headers());
        long declared = OriginFetch.declaredLength(origin);
        boolean fits = declared <= node.maxObjectBytes();
        boolean replaces = candidate == null || code < 500 || request.route().cachesStatusOnPurpose(code);
        boolean keep = decision.storable() && fits && replaces;
        if (request.kind() == Kind.REFRESH && !keep) {
            exchange.discard();
            LOG.warn("background refresh of {}: origin answered {} ({}); the stale copy stays", request.location().url(),
                    code, !decision.storable() ? decision.reason() : !fits ? "larger than max-object-size" : "an error");
            complete(decision.storable() ? Result.ORIGIN_FAILED : Result.UNCACHEABLE,
                    new Failed(StaleCondition.ERROR, "refresh not stored", true));
            return null;
        }
        String notStored = !decision.storable() ? decision.reason()
                : !fits ? "larger than max-object-size" : !replaces ? "error kept out of cache" : null;
        if (!decision.storable() || !fits) {
            // Known from the head alone: the requests waiting here need not wait for the body.
            node.fills().markUncacheable(key);
        }
        response = capture(code, declared, keep, notStored);
        publish(new Fetched(response));
        return response.body() == null ? bodyEnded() : Step.BODY;
    }

    private FillResponse capture(int code, long declared, boolean keep, String notStored) {
        VertxHeaders origin = exchange.headers();
        compressing = keep && Compressor.plans(request.route().compression(), code, origin.headers(), declared,
                slicePart != null);
        HeaderList captured = node.capture().clientFields(origin, decision.stripSetCookie());
        HeaderList fields = keep ? ResponseCapture.acceptingRanges(captured, code) : captured;
        List<String> varyFields = Vary.fieldNames(origin);
        boolean bodyless = code == 204 || code == 304 || declared == 0;
        FillBody body = bodyless ? null : new FillBody(keep, node.maxObjectBytes());
        long initialAge = CurrentAge.initialMillis(origin, exchange.requestTime(), exchange.responseTime());
        // A first slice answers for the whole object: its length is the object's.
        long length = slicePart != null && slicePart.first() ? slicePart.head().slices().length() : declared;
        return new FillResponse(this, code, fields, length, body, decision.storable(), keep, notStored, varyFields,
                variantKey(origin, slicePart != null), exchange.responseTime(), initialAge, origin.contains("Age"),
                decision.lifetime().seconds() * 1000, decision.revalidateAlways(), slicePart);
    }

    /** The Vary variant this response is stored as; {@code sliced}: the body is one slice of a larger object. */
    private String variantKey(VertxHeaders origin, boolean sliced) {
        List<String> varyFields = Vary.fieldNames(origin);
        return varyFields.isEmpty() ? "" : Vary.storedVariantKey(varyFields, request.fields(), origin,
                ContentCoding.decodable(origin, sliced));
    }

    /** RFC 9111 §3, with the route's overrides and its Content-Type check (a stylesheet URL answered with a page is no stylesheet). */
    private StoreDecision storability(int code, HeaderFields origin) {
        StoreDecision stored = Storability.decide("GET", request.fields(), code, origin, request.route().rules(),
                exchange.responseTime() / 1000);
        if (stored.storable() && !request.route().acceptsContentType(request.location().path(),
                origin.first("Content-Type"))) {
            return StoreDecision.refuse("content-type mismatch");
        }
        return stored;
    }

    /** Reads the origin's body at the origin's pace; the readers follow at theirs. */
    private Step body() {
        HttpClientResponse origin = exchange.response();
        FillBody body = response.body();
        Context context = request.context();
        body.onFlow(() -> context.runOnContext(ignored -> origin.resume()),
                () -> context.runOnContext(ignored -> resume(this::nobodyReads)));
        origin.handler(chunk -> resume(() -> {
            if (!body.append(chunk)) {
                origin.pause();
            }
            return !body.kept() && body.readers() == 0 && !leaderPending ? nobodyReads() : null;
        }));
        origin.exceptionHandler(failure -> resume(() -> bodyBroke(failure)));
        origin.endHandler(ignored -> resume(this::bodyEnded));
        origin.resume();
        return null;
    }

    private Step bodyEnded() {
        if (response.body() != null) {
            response.body().end();
        }
        if (response.kept() && (response.body() == null || response.body().kept())) {
            return Step.STORE;
        }
        boolean tooLarge = response.body() != null && response.kept() && !response.body().kept();
        if (tooLarge) {
            node.fills().markUncacheable(key);
        }
        complete(tooLarge || !decision.storable() ? Result.UNCACHEABLE : Result.NOT_STORED, null);
        return null;
    }

    private Step bodyBroke(Throwable failure) {
        LOG.warn("origin body for {} broke off: {}", request.location().url(), failure.toString());
        response.body().fail(failure);
        complete(Result.NOT_STORED, null);
        return null;
    }

    /** A body that is not kept and that no one reads any more: stop fetching it. */
    private Step nobodyReads() {
        if (result == null && response != null && response.body() != null && !response.body().kept()
                && response.body().readers() == 0 && !leaderPending) {
            abandon();
            boolean tooLarge = response.kept();
            if (tooLarge) {
                node.fills().markUncacheable(key);
            }
            complete(tooLarge || !decision.storable() ? Result.UNCACHEABLE : Result.NOT_STORED, null);
        }
        return null;
    }

    /** The request that started the fill will not read the body; a body no one else reads is dropped. */
    void declined() {
        request.context().runOnContext(ignored -> resume(() -> {
            leaderPending = false;
            return nobodyReads();
        }));
    }

    /** The request that started the fill reads the body. */
    void reading() {
        request.context().runOnContext(ignored -> leaderPending = false);
    }

    private Step store() {
        FillBody body = response.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        RouteCompression compression = request.route().compression();
        boolean compress = compressing && Compressor.worth(compression, bytes.length);
        if (StoredCopies.asItCame(compress, slicePart != null, exchange.headers())) {
            return store(List.of(new StoredCopies.Copy(bytes, exchange.headers(), response.variantKey())));
        }
        StoredCopies.prepare(request.context(), bytes, exchange.headers(), response, request.fields(),
                compress ? compression : null, node.maxObjectBytes(), request.location().url())
                .onComplete(prepared -> resume(() -> {
                    if (prepared.failed() || prepared.result().isEmpty()) {
                        complete(Result.NOT_STORED, null);
                        return null;
                    }
                    return store(prepared.result());
                }));
        return null;
    }

    /** Stores each copy in turn (one, or the route's codings of a compressed response), then completes. */
    private Step store(List<StoredCopies.Copy> copies) {
        Future<CachedResponse> storing = Future.succeededFuture();
        for (StoredCopies.Copy copy : copies) {
            storing = storing.compose(ignored -> storeCopy(copy));
        }
        storing.onComplete(stored -> resume(() -> {
            if (stored.failed()) {
                LOG.warn("could not store {}", request.location().url(), stored.cause());
            }
            boolean landed = stored.succeeded() && stored.result() != null;
            if (landed) {
                node.fills().markCacheable(key);
            }
            complete(landed ? Result.STORED : Result.NOT_STORED, null);
            return null;
        }));
        return null;
    }

    private Future<CachedResponse> storeCopy(StoredCopies.Copy copy) {
        CachedResponse captured = node.capture().capture(request.location(), copy.variantKey(), response.status(),
                copy.fields(), copy.body(), decision, exchange.requestTime(), exchange.responseTime(),
                exchange.purgeEpoch(), node.nodeName());
        return slicePart != null
                ? SliceFetch.store(node.store(), slicePart, captured, response.varyFields(), request.context())
                : node.store().store(captured, response.varyFields(), request.context());
    }

    /** The origin confirmed the candidate with a 304 (RFC 9111 §4.3.4): freshen and store it. */
    private Step revalidate() {
        exchange.response().resume();
        VertxHeaders notModified = exchange.headers();
        CachedResponse stored = candidate.response();
        if (!NotModifiedUpdate.applies(stored.headers(), notModified)) {
            // The 304 names another representation: fetch the response in full.
            exchange = null;
            candidate = null;
            validators = Validators.NONE;
            return Step.FETCH;
        }
        HeaderList merged = NotModifiedUpdate.merge(stored.headers(), node.capture().clientFields(notModified, false));
        // Decided on the 304's own fields: the ones that direct this cache alone are not among the stored ones.
        StoreDecision freshened = storability(stored.status(), NotModifiedUpdate.merge(stored.headers(), notModified));
        HeaderList kept = freshened.stripSetCookie() ? merged.without(List.of("Set-Cookie")) : merged;
        CachedResponse.Timing timing = new CachedResponse.Timing(exchange.requestTime(), exchange.responseTime(),
                CurrentAge.initialMillis(notModified, exchange.requestTime(), exchange.responseTime()));
        CachedResponse updated = stored.revalidated(kept, timing, ResponseCapture.freshness(freshened),
                exchange.purgeEpoch(), node.nodeName());
        if (!freshened.storable()) {
            complete(Result.NOT_STORED, new Found(new PreparedResponse(updated, node.store().now()), true, false));
            return null;
        }
        node.store().store(updated, Vary.fieldNames(kept), request.context()).onComplete(done -> resume(() -> {
            if (done.failed()) {
                LOG.warn("could not store the revalidated {}", request.location().url(), done.cause());
            }
            boolean landed = done.succeeded() && done.result() != null;
            complete(landed ? Result.STORED : Result.NOT_STORED,
                    new Found(new PreparedResponse(landed ? done.result() : updated, node.store().now()), true, landed));
            return null;
        }));
        return null;
    }

    private Step originFailed(Throwable failure) {
        StaleCondition condition = OriginClient.classify(failure) == OriginClient.Failure.TIMEOUT
                ? StaleCondition.TIMEOUT : StaleCondition.ERROR;
        if (candidate == null || !mayServeCandidateOn(condition)) {
            LOG.warn("origin {} for {}: {}", condition.configName(), request.target().url(), failure.toString());
        }
        complete(Result.ORIGIN_FAILED, new Failed(condition, "origin " + condition.configName(), false));
        return null;
    }

    /** RFC 5861 stale-if-error, as the route counts errors (nginx proxy_cache_use_stale). */
    private boolean mayServeCandidateOn(StaleCondition condition) {
        return request.route().usesStaleOn(condition)
                && Reuse.mayServeOnError(candidate.response(), candidate.response().ageMillis(node.store().now()));
    }

    /** Drops the origin exchange in flight, if any: a failed fill reads no further, and its readers are cut. */
    private void abandon() {
        if (response != null && response.body() != null) {
            response.body().fail(new IllegalStateException("fill abandoned"));
        }
        if (exchange != null && result == null) {
            exchange.discard();
        }
    }

    private void cancelWatch() {
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
    }

    /** Tells the requests that joined what the fill delivers; once. */
    private void publish(Outcome delivered) {
        List<Waiter<Outcome>> waiting;
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            outcome = delivered;
            waiting = List.copyOf(outcomeWaiters);
            outcomeWaiters.clear();
        }
        for (Waiter<Outcome> waiter : waiting) {
            waiter.context().runOnContext(ignored -> waiter.promise().complete(delivered));
        }
    }

    /**
     * Ends the fill, exactly once: the lease is released (or turned into a hit-for-miss marker), the
     * key unregistered, and every waiting request told. A request that joined before anything was
     * delivered gets {@code last}.
     */
    private void complete(Result ending, Outcome last) {
        List<Waiter<Result>> waiting;
        synchronized (this) {
            if (result != null) {
                return;
            }
            result = ending;
            waiting = List.copyOf(resultWaiters);
            resultWaiters.clear();
        }
        cancelWatch();
        if (lease != null) {
            (ending == Result.UNCACHEABLE ? lease.markUncacheable() : lease.release()).onFailure(failure ->
                    LOG.warn("could not end the lease on {}: {}", key, failure.toString()));
            lease = null;
        }
        if (shared) {
            node.fills().finished(this);
        }
        publish(last != null ? last : new Failed(null, "fill ended without a response", true));
        if (request.kind() == Kind.REFRESH) {
            node.countRefresh(ending);
            if (ending == Result.FAILED || ending == Result.ORIGIN_FAILED) {
                LOG.warn("background refresh of {} failed; the stale copy stays", request.location().url());
            }
        }
        for (Waiter<Result> waiter : waiting) {
            waiter.context().runOnContext(ignored -> waiter.promise().complete(ending));
        }
    }
}
