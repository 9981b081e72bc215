package io.linegate.gateway.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered segment files of one outbox directory. The newest segment is the active one and
 * the only one written to; ids run on without a gap from one segment to the next unless a
 * damaged segment was set aside on open.
 *
 * <p>Not thread-safe: owned by one {@link Outbox} and used under its lock.
 */
final class SegmentLog {

    private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);
    static final String CORRUPT_SUFFIX = ".corrupt";

    /** Ids {@code [fromId, toId)} that were in segment files but could not be read back on open. */
    record LostRange(long fromId, long toId, String reason) {

        /** How many ids of the range the checkpoint does not show as acknowledged. */
        long unacknowledged(AckCheckpoint checkpoint) {
            long from = Math.max(fromId, checkpoint.watermark());
            return Math.max(0, toId - from)
                    - checkpoint.ackedAbove().stream().filter(id -> id >= from && id < toId).count();
        }
    }

    private final Path dir;
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private final List<LostRange> lostOnOpen = new ArrayList<>();
    private Segment active;
    private long diskBytes;

    private SegmentLog(Path dir) {
        this.dir = dir;
    }

    /**
     * Scans every segment file in {@code dir}: a torn or corrupt tail is cut off, a segment whose
     * header is unreadable is renamed to {@code *.corrupt} and left for the operator.
     *
     * @param minNextId the next id must be at least this (from the acknowledgement checkpoint)
     */
    static SegmentLog open(Path dir, long minNextId) throws IOException {
        SegmentLog segmentLog = new SegmentLog(dir);
        try {
            segmentLog.load(minNextId);
        } catch (IOException | RuntimeException e) {
            segmentLog.close();
            throw e;
        }
        return segmentLog;
    }

    private void load(long minNextId) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
            for (Path file : stream) {
                long baseId = Segment.baseIdOf(file);
                if (baseId > 0) {
                    files.put(baseId, file);
                }
            }
        }
        long nextId = minNextId;
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            boolean last = file.getKey().equals(files.lastKey());
            SegmentScan scan = Segment.scan(file.getValue(), file.getKey());
            Segment segment = scan.segment();
            Segment previous = segments.isEmpty() ? null : segments.lastEntry().getValue();
            if (segment == null || (previous != null && segment.baseId() < previous.nextId())) {
                if (segment != null) {
                    segment.close();
                }
                nextId = Math.max(nextId, setAside(scan, last));
                continue;
            }
            if (scan.clean()) {
                // What a killed process left in the page cache is made durable before it is relied on.
                segment.force();
            } else {
                log.warn("Outbox segment {} is torn: {}; cut {} bytes after id {}", scan.path().getFileName(),
                        scan.tornReason(), scan.fileBytes() - segment.size(), segment.lastId());
                segment.truncateToValid();
            }
            if (previous != null && segment.baseId() > previous.nextId()) {
                lostOnOpen.add(new LostRange(previous.nextId(), segment.baseId(), "damaged records between "
                        + previous.path().getFileName() + " and " + segment.path().getFileName()
                        + " were cut or set aside"));
            }
            segments.put(segment.baseId(), segment);
            diskBytes += segment.size();
            nextId = Math.max(nextId, segment.nextId());
        }
        if (segments.isEmpty()) {
            startSegment(nextId);
        } else {
            active = segments.lastEntry().getValue();
            if (active.nextId() != nextId) {
                roll(nextId);
            }
        }
    }

    /** Renames a damaged segment out of the way and returns a next id above any it can have held. */
    private long setAside(SegmentScan scan, boolean last) throws IOException {
        if (last && scan.fileBytes() < Segment.HEADER_BYTES) {
            // Torn while being created: it never held a record.
            Files.delete(scan.path());
            return scan.baseId();
        }
        Path aside = scan.path().resolveSibling(scan.path().getFileName() + CORRUPT_SUFFIX);
        Files.move(scan.path(), aside, StandardCopyOption.REPLACE_EXISTING);
        log.warn("Outbox segment {} is damaged ({}); renamed to {} for inspection", scan.path().getFileName(),
                scan.tornReason(), aside.getFileName());
        long mostRecords = scan.fileBytes() / (RecordCodec.FRAME_HEADER_BYTES + RecordCodec.MIN_BODY_BYTES);
        return scan.baseId() + mostRecords;
    }

    /** Ids lost to damage between readable segments, found by {@link #open}. */
    List<LostRange> lostOnOpen() {
        return List.copyOf(lostOnOpen);
    }

    /** Rolls to a new segment when {@code frameBytes} more would take the active one past {@code segmentBytes}. */
    void rollIfFull(int frameBytes, long segmentBytes) throws IOException {
        if (active.count() > 0 && active.size() + frameBytes > segmentBytes) {
            roll(active.nextId());
        }
    }

    /** Appends a stamped frame to the active segment. */
    void append(byte[] frame, long createdAtMs) throws IOException {
        active.append(frame, createdAtMs);
        diskBytes += frame.length;
    }

    /**
     * Forces the active segment and starts a new one at {@code baseId}. The old segment stays open
     * for reading. Forcing before switching is what lets a concurrent group commit treat a closed
     * or replaced segment as already durable.
     */
    void roll(long baseId) throws IOException {
        active.force();
        startSegment(baseId);
    }

    private void startSegment(long baseId) throws IOException {
        Segment segment = Segment.create(dir, baseId);
        segments.put(baseId, segment);
        diskBytes += segment.size();
        active = segment;
        forceDirectory(dir);
    }

    /** Deletes a segment other than the active one. */
    void delete(Segment segment) throws IOException {
        if (segment == active) {
            throw new IllegalArgumentException("the active segment cannot be deleted: " + segment.path());
        }
        segments.remove(segment.baseId());
        diskBytes -= segment.size();
        segment.delete();
    }

    Segment active() {
        return active;
    }

    Segment oldest() {
        return segments.firstEntry().getValue();
    }

    Collection<Segment> all() {
        return segments.values();
    }

    /** The segment holding {@code id}, or {@code null}. */
    Segment segmentFor(long id) {
        Map.Entry<Long, Segment> entry = segments.floorEntry(id);
        return entry != null && entry.getValue().contains(id) ? entry.getValue() : null;
    }

    /** The smallest id after {@code id} that starts a segment, or {@link #nextId()} when none does. */
    long nextBaseAfter(long id) {
        Long base = segments.higherKey(id);
        return base == null ? nextId() : base;
    }

    long firstId() {
        return oldest().baseId();
    }

    /** The id the next append gets. */
    long nextId() {
        return active.nextId();
    }

    long diskBytes() {
        return diskBytes;
    }

    /** Forces the active segment (older ones were forced when they were rolled) and closes all. */
    void close() throws IOException {
        IOException failure = null;
        if (active != null) {
            try {
                active.force();
            } catch (IOException e) {
                failure = e;
            }
        }
        for (Segment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Makes a file creation, deletion or rename in {@code dir} durable. Best effort: some
     * platforms cannot open a directory for syncing.
     */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Cannot force directory {}: {}", dir, e.toString());
        }
    }
}
