package io.linegate.gateway.outbox;

import io.linegate.gateway.outbox.OutboxMeters.DropReason;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe, bounded local store of outgoing MQTT messages: every prediction, model summary
 * and dead letter is appended here before it is published upstream, and stays until the upstream
 * broker has acknowledged it.
 *
 * <p><b>Storage.</b> An append-only log of segment files with a CRC32C per record (format on
 * {@link RecordCodec} and {@link Segment}). Opening scans every segment and cuts off a torn tail
 * (a partial or CRC-failing last record) instead of failing, so after any crash a record is either
 * wholly present or absent.
 *
 * <p><b>Durability.</b> A record whose {@link #append} returned survives {@code kill -9} under
 * either {@link SyncPolicy}, and also power loss under {@link SyncPolicy#EVERY_APPEND}.
 *
 * <p><b>Delivery.</b> {@link #peek} hands out pending records in id order, each once, until
 * {@link #rewind()} makes every pending record available again (after a reconnect, so that
 * in-flight ones are re-sent). {@link #ack} removes a record; acknowledgements may come in any
 * order. Acknowledgements are kept in memory and checkpointed to disk every
 * {@code syncInterval} and on {@link #close()}. <b>Re-send bound:</b> after a crash, the records
 * re-sent are those pending at the crash plus those acknowledged during the last
 * {@code syncInterval} before it (and out-of-order acknowledgements beyond the 4096 lowest above the
 * watermark, which only a publisher with more records in flight than that can produce). After a
 * clean {@link #close()} no acknowledged record is re-sent. Segments whose records are all
 * acknowledged are deleted.
 *
 * <p><b>Bounds.</b> The segment files never exceed {@code maxBytes}; when an append would, the
 * {@link FullPolicy} applies at whole-segment granularity. Records older than {@code maxAge} are
 * dropped ({@link Retention}). Every record that will never be published is counted in
 * {@code linegate.outbox.dropped{reason}} and reported in a rate-limited WARN.
 *
 * <p><b>Threads.</b> Created and closed by the application's wiring, which owns it; the outbox
 * owns its directory exclusively (an OS file lock).
 * <ul>
 *   <li>{@link #append}, {@link #write}, {@link #force}: line workers, concurrently. Blocks for the lock, a {@code write()} and,
 *       under {@code EVERY_APPEND}, an fsync shared with concurrent appenders (group commit).
 *       Never call it from a transport callback thread.
 *   <li>{@link #peek}, {@link #rewind()}: the one upstream publisher thread. Reads disk.
 *   <li>{@link #ack}: any thread, including Paho callback threads: memory only, no disk I/O.
 *   <li>{@link #pending()}, {@link #pendingBytes()}, {@link #unwritable()}: any thread, lock-free.
 *   <li>One daemon thread of its own, {@code linegate-outbox-maintenance}, forces data
 *       ({@code INTERVAL}), writes the acknowledgement checkpoint, deletes acknowledged segments and
 *       expires old ones every {@code syncInterval}. {@link #close()} stops it.
 * </ul>
 */
public final class Outbox implements AutoCloseable {

    /** What {@link #append} returns when it refused the record. */
    public static final long REJECTED = -1;
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final OutboxConfig config;
    private final Clock clock;
    private final OutboxStorage storage;
    private final SegmentLog segments;
    private final AckTracker acks;
    private final OutboxMeters meters;
    private final Retention retention;
    private final GroupCommit commit;
    private final ReentrantLock lock = new ReentrantLock();
    private final CheckpointWriter checkpoints;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final MaintenanceThread maintenance;
    private long cursor;
    private boolean closed;
    private volatile long diskBytes;
    /** Why the last append failed to write or force, or null after one that succeeded. */
    private volatile String writeFailure;
    /** {@link #diskBytes} when an append last found no room, or -1; see {@link #unwritable()}. */
    private volatile long fullAtDiskBytes = -1;

    private Outbox(OutboxConfig config, Clock clock, OutboxStorage storage, OutboxMeters meters) {
        this.config = config;
        this.clock = clock;
        this.storage = storage;
        this.segments = storage.segments();
        this.meters = meters;
        this.acks = new AckTracker(segments, storage.checkpoint());
        this.retention = new Retention(config, segments, acks, meters);
        this.commit = new GroupCommit(segments.nextId() - 1, this::commitTarget);
        this.checkpoints = new CheckpointWriter(config.dir(), storage.checkpoint());
        this.cursor = acks.watermark();
        this.diskBytes = segments.diskBytes();
        this.maintenance = new MaintenanceThread(config.dir());
    }

    /**
     * Opens (or creates) the outbox in {@code config.dir()}: scans the segments, cuts off a torn
     * tail, restores the acknowledgement checkpoint and starts the maintenance thread.
     *
     * @throws IllegalStateException when another outbox has the directory open
     * @throws UncheckedIOException  when the directory cannot be read or written
     */
    public static Outbox open(OutboxConfig config, Clock clock, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        OutboxStorage storage;
        try {
            storage = OutboxStorage.open(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open outbox in " + config.dir(), e);
        }
        try {
            Outbox outbox = new Outbox(config, clock, storage, new OutboxMeters(registry));
            outbox.start();
            return outbox;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot open outbox in " + config.dir(), e);
            suppress(failure, storage.close());
            throw failure;
        } catch (RuntimeException e) {
            suppress(e, storage.close());
            throw e;
        }
    }

    private void start() throws IOException {
        for (SegmentLog.LostRange range : segments.lostOnOpen()) {
            log.warn("Outbox lost ids {}..{} on open: {}", range.fromId(), range.toId() - 1, range.reason());
            meters.dropped(DropReason.CORRUPT, OutboxMeters.UNKNOWN_KIND, range.unacknowledged(storage.checkpoint()));
        }
        lock.lock();
        try {
            retention.deleteAcknowledgedSegments();
        } finally {
            diskBytes = segments.diskBytes();
            lock.unlock();
        }
        meters.registerGauges(this);
        maintenance.start(config.syncInterval(), this::maintain);
        log.info("Outbox opened dir={} segments={} pending={} nextId={} sync={}", config.dir(), segments.all().size(),
                acks.pendingRecords(), segments.nextId(), config.sync());
    }

    /**
     * Stores a message to be published.
     *
     * @param kind     what it is, e.g. {@code prediction}; not empty
     * @param key      ordering key, e.g. the line id, or {@code ""}
     * @param topic    the upstream topic; not empty
     * @param payload  the message body; not copied, so the caller must not change it during the call
     * @param retained whether it is published retained
     * @return the record's id, or {@link #REJECTED} when the store is full under
     *         {@link FullPolicy#REJECT_NEW} or the record is larger than
     *         {@link OutboxConfig#maxRecordBytes()} (counted with {@code reason=rejected})
     * @throws IllegalArgumentException when a string is empty where it must not be, or longer than 65535 bytes
     * @throws IllegalStateException    when the outbox is closed
     * @throws UncheckedIOException     when the record could not be written or forced; it is then
     *                                  not stored, or stored without the guarantee of its sync policy
     */
    public long append(String kind, String key, String topic, byte[] payload, boolean retained) {
        long id = write(kind, key, topic, payload, retained);
        if (id != REJECTED) {
            force(id);
        }
        return id;
    }

    /**
     * Writes a record like {@link #append} but does not force it: under {@link SyncPolicy#EVERY_APPEND}
     * it is neither durable against power loss nor handed out by {@link #peek} until a
     * {@link #force} through its id (by this caller or any other, or the maintenance pass). Lets a
     * caller that writes several records in a row share one fsync among them.
     *
     * @return the record's id, or {@link #REJECTED}
     * @throws UncheckedIOException when the record could not be written
     */
    public long write(String kind, String key, String topic, byte[] payload, boolean retained) {
        byte[] frame = RecordCodec.encode(kind, key, topic, payload, retained);
        if (frame == null || frame.length > config.maxRecordBytes()) {
            log.debug("Outbox refused a record of {} payload bytes: larger than {} bytes", payload.length,
                    config.maxRecordBytes());
            meters.dropped(DropReason.REJECTED, kind, 1);
            return REJECTED;
        }
        long id;
        lock.lock();
        try {
            ensureOpen();
            segments.rollIfFull(frame.length, config.segmentBytes());
            if (!retention.makeRoom(frame.length)) {
                fullAtDiskBytes = segments.diskBytes();
                meters.dropped(DropReason.REJECTED, kind, 1);
                return REJECTED;
            }
            id = segments.nextId();
            long now = clock.millis();
            RecordCodec.stamp(frame, id, now);
            segments.append(frame, now);
            acks.appended(frame.length);
            commit.written(id);
        } catch (IOException e) {
            writeFailure = "write failed: " + e;
            throw new UncheckedIOException("outbox append failed in " + config.dir(), e);
        } finally {
            diskBytes = segments.diskBytes();
            lock.unlock();
        }
        meters.appended();
        fullAtDiskBytes = -1;
        if (config.sync() != SyncPolicy.EVERY_APPEND) {
            writeFailure = null;
        }
        return id;
    }

    /**
     * Under {@link SyncPolicy#EVERY_APPEND}, returns once every record up to {@code id} is forced
     * to disk, sharing the fsync with concurrent callers (group commit); under
     * {@link SyncPolicy#INTERVAL}, returns at once (the maintenance pass forces).
     *
     * @throws UncheckedIOException when the fsync failed; the records stay written and are forced
     *                              by the next force or maintenance pass that succeeds
     */
    public void force(long id) {
        if (config.sync() != SyncPolicy.EVERY_APPEND) {
            return;
        }
        try {
            commit.forceThrough(id);
        } catch (IOException e) {
            writeFailure = "fsync failed: " + e;
            throw new UncheckedIOException("outbox fsync failed in " + config.dir(), e);
        }
        writeFailure = null;
    }

    private GroupCommit.Target commitTarget() {
        lock.lock();
        try {
            return closed ? null : new GroupCommit.Target(segments.active(), commit.writtenId());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands out up to {@code max} pending records, oldest first, that were not handed out since
     * the last {@link #rewind()} (or open). Expired records met on the way are dropped.
     *
     * @throws IllegalStateException when the outbox is closed
     * @throws UncheckedIOException  when a segment cannot be read
     */
    public List<OutboxRecord> peek(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be greater than 0. Found: " + max);
        }
        lock.lock();
        try {
            ensureOpen();
            long now = clock.millis();
            retention.expireSegments(now);
            long oldestAllowedMs = now - config.maxAge().toMillis();
            List<OutboxRecord> records = new ArrayList<>((int) Math.min(max, acks.pendingRecords()));
            long id = acks.nextPending(cursor);
            // Under EVERY_APPEND nothing leaves before it is durable: a record sent upstream and then
            // lost locally to a power cut would see its seq reused for another prediction.
            long last = config.sync() == SyncPolicy.EVERY_APPEND ? commit.durableId() : segments.nextId() - 1;
            while (records.size() < max && id <= last) {
                OutboxRecord record = segments.segmentFor(id).read(id);
                if (record == null) {
                    log.warn("Outbox record id={} no longer checks out on disk; dropped", id);
                    acks.remove(id);
                    meters.dropped(DropReason.CORRUPT, OutboxMeters.UNKNOWN_KIND, 1);
                } else if (record.createdAtMs() < oldestAllowedMs) {
                    acks.remove(id);
                    meters.dropped(DropReason.EXPIRED, record.kind(), 1);
                } else {
                    records.add(record);
                }
                id = acks.nextPending(id + 1);
            }
            cursor = id;
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("outbox read failed in " + config.dir(), e);
        } finally {
            diskBytes = segments.diskBytes();
            lock.unlock();
        }
    }

    /** Makes every pending record available to {@link #peek} again, from the oldest. */
    public void rewind() {
        lock.lock();
        try {
            cursor = acks.watermark();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks a record acknowledged by the upstream broker. Unknown ids and repeated acknowledgements
     * are ignored, as are acknowledgements after {@link #close()} (the record is then re-sent after
     * the next open). No disk I/O.
     */
    public void ack(long id) {
        lock.lock();
        try {
            if (!closed && !acks.remove(id)) {
                log.debug("Outbox ignored acknowledgement of id={}: not pending", id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records stored and not yet acknowledged, dropped or expired. */
    public long pending() {
        return acks.pendingRecords();
    }

    /** On-disk bytes (framing included) of the {@link #pending()} records. */
    public long pendingBytes() {
        return acks.pendingBytes();
    }

    /**
     * Why an append would not store a record now, or empty when it would: the outbox is closed,
     * the last append failed to write or force, or (only under {@link FullPolicy#REJECT_NEW}, as
     * {@code DROP_OLDEST} always makes room) the last append found it full and no segment has been
     * deleted since. A probe for readiness; lock-free, any thread.
     */
    public Optional<String> unwritable() {
        if (closing.get()) {
            return Optional.of("closed");
        }
        String failure = writeFailure;
        if (failure != null) {
            return Optional.of(failure);
        }
        long full = fullAtDiskBytes;
        if (full >= 0 && diskBytes >= full) {
            return Optional.of("full (" + config.maxBytes() + " bytes, policy "
                    + config.policy().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        }
        return Optional.empty();
    }

    /** Size of the segment files: what {@code maxBytes} bounds. */
    long diskBytes() {
        return diskBytes;
    }

    /** One maintenance pass; runs on the maintenance thread, or a test's. */
    void maintain() throws IOException {
        if (commit.behind()) {
            // INTERVAL: the periodic force. EVERY_APPEND: records written by a caller whose force failed.
            commit.forceThrough(commit.writtenId());
        }
        AckCheckpoint checkpoint;
        long sequence;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            retention.expireSegments(clock.millis());
            retention.deleteAcknowledgedSegments();
            checkpoint = acks.snapshot();
            sequence = checkpoints.nextSequence();
        } finally {
            diskBytes = segments.diskBytes();
            lock.unlock();
        }
        checkpoints.write(checkpoint, sequence);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("outbox is closed: " + config.dir());
        }
    }

    /**
     * Stops the maintenance thread, forces what was written, writes the acknowledgement checkpoint
     * and releases the directory. Appends and peeks afterwards throw; acknowledgements are ignored.
     * Idempotent.
     *
     * @throws UncheckedIOException when the last force or checkpoint fails (records whose append
     *                              returned are still in the page cache and survive unless power is lost)
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        maintenance.stop();
        AckCheckpoint checkpoint;
        long sequence;
        lock.lock();
        try {
            closed = true;
            checkpoint = acks.snapshot();
            sequence = checkpoints.nextSequence();
        } finally {
            lock.unlock();
        }
        IOException failure = null;
        try {
            checkpoints.write(checkpoint, sequence);
        } catch (IOException e) {
            failure = e;
        }
        IOException files = storage.close();
        meters.close();
        if (failure != null || files != null) {
            UncheckedIOException unclean = new UncheckedIOException("outbox did not close cleanly in " + config.dir(),
                    failure != null ? failure : files);
            if (failure != null) {
                suppress(unclean, files);
            }
            throw unclean;
        }
        log.info("Outbox closed dir={} pending={}", config.dir(), acks.pendingRecords());
    }

    private static void suppress(Exception failure, IOException also) {
        if (also != null) {
            failure.addSuppressed(also);
        }
    }
}
