package io.linegate.gateway.outbox;

/** What {@link Outbox#append} does when the new record would take the store over its byte quota. */
public enum FullPolicy {
    /**
     * Make room by dropping the oldest un-acknowledged records, a whole segment at a time (the
     * oldest segment other than the one being written), so the newest records are kept. Every
     * dropped record is counted with {@code reason=full}.
     */
    DROP_OLDEST,
    /**
     * Keep what is stored and refuse the new record: {@code append} returns {@code -1} and counts it
     * with {@code reason=rejected}. Space comes back when acknowledged segments are deleted.
     */
    REJECT_NEW
}
