package io.linegate.gateway.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link LineSnapshot} of every line, and the events that replaced them.
 *
 * <p>Line workers {@link #publish} a snapshot after each closed window (each line from its
 * one worker thread); any thread reads. {@link Listener}s are called on the publishing worker
 * thread, so they must only hand the event off (put it in a map or a bounded queue): a
 * listener that blocks would stall a line. A listener that throws is logged and skipped; the
 * worker goes on.
 */
public final class LineBoard {

    /**
     * Windows of history each snapshot keeps (and {@code ?last=} can ask for): two minutes of 1 s
     * windows. Kept for every line, so it bounds the heap: about 8 MB at 1,000 lines.
     */
    public static final int RECENT = 120;

    private static final Logger log = LoggerFactory.getLogger(LineBoard.class);

    /** Told of every publication, on the worker thread that made it. Must not block. */
    public interface Listener {

        /**
         * A line closed a window.
         *
         * @param snapshot the line's new snapshot
         * @param point    the window just closed (the snapshot's last)
         * @param learned  whether the model learned from it (its summary changed)
         */
        void onWindow(LineSnapshot snapshot, PredictionPoint point, boolean learned);

        /** Drift was detected on a line. */
        void onAlert(AlertEvent alert);
    }

    private final ConcurrentHashMap<String, LineSnapshot> lines = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Replaces the line's snapshot and tells the listeners. Called by the line's worker. */
    public void publish(LineSnapshot snapshot, boolean learned) {
        lines.put(snapshot.line(), snapshot);
        PredictionPoint point = snapshot.last();
        for (Listener l : listeners) {
            try {
                l.onWindow(snapshot, point, learned);
            } catch (RuntimeException e) {
                log.error("Line board listener failed line={}", snapshot.line(), e);
            }
        }
    }

    /** Tells the listeners of an alert. Called by the line's worker. */
    public void alert(AlertEvent alert) {
        for (Listener l : listeners) {
            try {
                l.onAlert(alert);
            } catch (RuntimeException e) {
                log.error("Line board listener failed line={}", alert.line(), e);
            }
        }
    }

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** The latest snapshot of {@code line}, empty before its first window. */
    public Optional<LineSnapshot> line(String line) {
        return Optional.ofNullable(lines.get(line));
    }

    /** The latest snapshot of every line, by line id. */
    public List<LineSnapshot> lines() {
        List<LineSnapshot> all = new ArrayList<>(lines.values());
        all.sort(Comparator.comparing(LineSnapshot::line));
        return all;
    }

    /** How many lines have a snapshot. */
    public int size() {
        return lines.size();
    }
}
