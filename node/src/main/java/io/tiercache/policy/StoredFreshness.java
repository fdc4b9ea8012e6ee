package io.tiercache.policy;

/** The freshness facts a stored response carries, as read by {@link Reuse}. Times in milliseconds. */
public interface StoredFreshness {

    long freshnessLifetimeMillis();

    long staleWhileRevalidateMillis();

    long staleIfErrorMillis();

    /** no-cache: never reused without a successful validation. */
    boolean revalidateAlways();

    /** must-revalidate, proxy-revalidate or no-cache: never served stale. */
    boolean staleForbidden();

    /** Marked stale by a soft purge: served stale while one refresh runs, whatever its age. */
    boolean softPurged();

    /** When the response (or the 304 that last validated it) arrived from the origin. */
    long responseTimeMillis();
}
