package io.linegate.gateway.pipeline;

import io.linegate.gateway.decode.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Remembers the last {@value #PER_SENSOR} sequence numbers accepted per {@code (line, sensor)},
 * so a reading that arrives again (MQTT redelivery, a CoAP client posting again after a lost
 * answer) is recognised as a {@code DUPLICATE} whatever transport it came on. Readings without a
 * seq are never duplicates. Exact within that window: readings that arrive out of order are
 * not mistaken for duplicates, and a sensor that restarts its seq from 1 is only mistaken when
 * one of its new seqs is among its last {@value #PER_SENSOR}.
 *
 * <p>Bounded: at most {@value #MAX_SENSORS} sensors are tracked; the least recently seen ones
 * are forgotten first. Thread-safe (transport threads call it concurrently); lock striping keeps
 * each critical section to a map lookup and a short array scan, so callers never wait long.
 */
final class RecentSeqs {

    /** Sequence numbers remembered per sensor. */
    static final int PER_SENSOR = 32;
    /** Sensors tracked at most (about 300 bytes each). */
    static final int MAX_SENSORS = 16_384;
    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];

    RecentSeqs() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(MAX_SENSORS / STRIPES);
        }
    }

    /**
     * Records the reading's seq unless it was seen already.
     *
     * @return false when {@code reading} is a duplicate (its seq was recorded before)
     */
    boolean admit(Reading reading) {
        if (reading.seq() == Reading.NO_SEQ) {
            return true;
        }
        String key = key(reading);
        Stripe stripe = stripeOf(key);
        synchronized (stripe) {
            return stripe.computeIfAbsent(key, k -> new Window()).add(reading.seq());
        }
    }

    /**
     * {@link #admit}s every reading; returns those that are not duplicates ({@code readings}
     * itself when none is) and passes each duplicate to {@code onDuplicate}.
     */
    List<Reading> admitAll(List<Reading> readings, Consumer<Reading> onDuplicate) {
        List<Reading> fresh = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            if (admit(r)) {
                if (fresh != null) {
                    fresh.add(r);
                }
            } else {
                if (fresh == null) {
                    fresh = new ArrayList<>(readings.subList(0, i));
                }
                onDuplicate.accept(r);
            }
        }
        return fresh == null ? readings : List.copyOf(fresh);
    }

    /** Takes back {@link #admit}: the reading was not accepted after all (a full queue), so a resend must count. */
    void forget(Reading reading) {
        if (reading.seq() == Reading.NO_SEQ) {
            return;
        }
        String key = key(reading);
        Stripe stripe = stripeOf(key);
        synchronized (stripe) {
            Window window = stripe.get(key);
            if (window != null) {
                window.remove(reading.seq());
            }
        }
    }

    private Stripe stripeOf(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private static String key(Reading reading) {
        // '/' cannot occur in an id, so the key is unambiguous.
        return reading.lineId() + '/' + reading.sensorId();
    }

    /** One stripe: an access-ordered map that drops its least recently used sensor when full. */
    private static final class Stripe extends LinkedHashMap<String, Window> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        Stripe(int capacity) {
            super(64, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > capacity;
        }
    }

    /** The last {@link #PER_SENSOR} seqs of one sensor, in a ring. */
    private static final class Window {
        private final long[] seqs = new long[PER_SENSOR];
        private int size;
        private int next;

        boolean add(long seq) {
            for (int i = 0; i < size; i++) {
                if (seqs[i] == seq) {
                    return false;
                }
            }
            seqs[next] = seq;
            next = (next + 1) % PER_SENSOR;
            size = Math.min(size + 1, PER_SENSOR);
            return true;
        }

        void remove(long seq) {
            for (int i = 0; i < size; i++) {
                if (seqs[i] == seq) {
                    seqs[i] = Reading.NO_SEQ;
                    return;
                }
            }
        }
    }
}
