package io.tiercache.policy;

/** Age of a stored response (RFC 9111 §4.2.3), in milliseconds. */
public final class CurrentAge {

    private CurrentAge() {
    }

    /**
     * corrected_initial_age: how old the response already was when it arrived.
     *
     * @param requestTimeMillis  when the request that produced the response was sent
     * @param responseTimeMillis when the response arrived
     */
    public static long initialMillis(HeaderFields response, long requestTimeMillis, long responseTimeMillis) {
        long ageValue = Math.max(0, CacheControl.deltaSeconds(firstMember(response.first("Age"))));
        long dateValue = FreshnessLifetime.dateOrReceived(response, responseTimeMillis / 1000);
        long apparentAge = Math.max(0, responseTimeMillis - dateValue * 1000);
        long responseDelay = Math.max(0, responseTimeMillis - requestTimeMillis);
        long correctedAgeValue = ageValue * 1000 + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /** current_age = corrected_initial_age + resident_time. */
    public static long currentMillis(long initialAgeMillis, long responseTimeMillis, long nowMillis) {
        return initialAgeMillis + Math.max(0, nowMillis - responseTimeMillis);
    }

    /** The Age header value: whole seconds, capped as §1.2.2 asks. */
    public static long headerSeconds(long currentAgeMillis) {
        return Math.min(CacheControl.DELTA_SECONDS_CAP, Math.max(0, currentAgeMillis / 1000));
    }

    /** §5.1: a list-based Age is read by its first member, the others discarded. */
    private static String firstMember(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }
}
