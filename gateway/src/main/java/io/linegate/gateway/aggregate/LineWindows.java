package io.linegate.gateway.aggregate;

import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.config.WindowStatistic;
import io.linegate.gateway.decode.Reading;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The open tumbling event-time windows of one line (DESIGN §3.3).
 *
 * <p>Windows are aligned to multiples of their length from the epoch. A window closes when
 * the line's watermark (max event time seen − lateness) reaches its end, or when the line
 * has been idle (wall clock) longer than its idle timeout and the idle time carries the
 * watermark past it (see {@link #closeIfIdle}). A reading whose window has
 * already closed, or would close at once, is {@linkplain AddResult#LATE late}: the caller
 * counts it and sends it to the dead-letter stream, it is never dropped silently.
 *
 * <p>Not thread-safe: owned by the single worker thread that owns the line. Open windows are
 * bounded by lateness / window + 1, since older ones close as the watermark moves.
 */
public final class LineWindows {

    /** What became of one reading. */
    public enum AddResult {
        /** Added to an open window. */
        ACCEPTED,
        /** Its window had closed already (event time older than lateness allows). */
        LATE,
        /** Its sensor is neither a feature nor the target of this line. */
        IGNORED
    }

    private final String lineId;
    private final List<String> featureNames;
    private final Map<String, Integer> sensorIndex = new HashMap<>();
    private final WindowStatistic statistic;
    private final long windowMs;
    private final long latenessMs;
    private final long idleTimeoutMs;
    private final TreeMap<Long, OpenWindow> open = new TreeMap<>();

    private long maxEventTimeMs = Long.MIN_VALUE;
    private long closedUpToMs = Long.MIN_VALUE;
    private long lastArrivalMs = Long.MIN_VALUE;

    public LineWindows(String lineId, LineConfig config) {
        this.lineId = lineId;
        this.featureNames = config.features();
        for (int i = 0; i < featureNames.size(); i++) {
            sensorIndex.put(featureNames.get(i), i);
        }
        sensorIndex.put(config.target(), featureNames.size());
        this.statistic = config.statistic();
        this.windowMs = config.window().toMillis();
        this.latenessMs = config.lateness().toMillis();
        this.idleTimeoutMs = config.idleTimeout().toMillis();
    }

    /**
     * Adds a reading, then closes every window the advanced watermark has passed.
     *
     * @param reading  a reading of this line
     * @param nowMs    wall-clock time of arrival (for the idle timeout)
     * @param onClosed receives closed windows, oldest first
     */
    public AddResult add(Reading reading, long nowMs, Consumer<LineWindow> onClosed) {
        Integer index = sensorIndex.get(reading.sensorId());
        if (index == null) {
            return AddResult.IGNORED;
        }
        long ts = reading.tsMs();
        long start = Math.floorDiv(ts, windowMs) * windowMs;
        if (start < closedUpToMs || endOf(start) <= watermarkMs()) {
            return AddResult.LATE;
        }
        // Only readings that feed a window count as activity: a line whose model sensors went
        // quiet must still flush even while other sensors on it keep reporting.
        lastArrivalMs = Math.max(lastArrivalMs, nowMs);
        open.computeIfAbsent(start, s -> new OpenWindow(sensorIndex.size())).add(index, reading.value(), ts);
        if (ts > maxEventTimeMs) {
            maxEventTimeMs = ts;
            closeThrough(watermarkMs(), LineWindow.CloseCause.WATERMARK, onClosed);
        }
        return AddResult.ACCEPTED;
    }

    /**
     * Lets event time run on with the wall clock while the line is quiet, so quiet lines still
     * flush: once the line has had no accepted reading for longer than its idle timeout, the
     * watermark is taken as if event time had advanced by the idle wall-clock time, and the
     * windows it passes close. A long window that is still filling is not cut short.
     *
     * @return whether anything closed
     */
    public boolean closeIfIdle(long nowMs, Consumer<LineWindow> onClosed) {
        long idleMs = nowMs - lastArrivalMs;
        if (open.isEmpty() || idleMs <= idleTimeoutMs) {
            return false;
        }
        int before = open.size();
        closeThrough(saturatedAdd(maxEventTimeMs, idleMs) - latenessMs, LineWindow.CloseCause.IDLE, onClosed);
        return open.size() < before;
    }

    /** Event-time watermark: max event time seen − lateness ({@link Long#MIN_VALUE} before any reading). */
    public long watermarkMs() {
        return maxEventTimeMs == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTimeMs - latenessMs;
    }

    public int openWindows() {
        return open.size();
    }

    public String lineId() {
        return lineId;
    }

    private void closeThrough(long watermark, LineWindow.CloseCause cause, Consumer<LineWindow> onClosed) {
        Iterator<Map.Entry<Long, OpenWindow>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, OpenWindow> e = it.next();
            long start = e.getKey();
            long end = endOf(start);
            if (end > watermark) {
                break;
            }
            it.remove();
            closedUpToMs = Math.max(closedUpToMs, end);
            onClosed.accept(toWindow(start, end, e.getValue(), cause));
        }
    }

    private long endOf(long start) {
        return saturatedAdd(start, windowMs);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private LineWindow toWindow(long start, long end, OpenWindow window, LineWindow.CloseCause cause) {
        int features = featureNames.size();
        double[] values = new double[features];
        for (int i = 0; i < features; i++) {
            values[i] = window.value(i, statistic);
        }
        return new LineWindow(lineId, start, end, featureNames, values, window.value(features, statistic),
                window.readings, cause);
    }

    /** Per-sensor statistics of one open window; slot {@code features} is the target. */
    private static final class OpenWindow {
        private final SensorStats[] sensors;
        private int readings;

        OpenWindow(int sensors) {
            this.sensors = new SensorStats[sensors];
        }

        void add(int index, double value, long tsMs) {
            SensorStats stats = sensors[index];
            if (stats == null) {
                stats = new SensorStats();
                sensors[index] = stats;
            }
            stats.add(value, tsMs);
            readings++;
        }

        double value(int index, WindowStatistic statistic) {
            return sensors[index] == null ? Double.NaN : sensors[index].value(statistic);
        }
    }
}
