package io.linegate.gateway.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The child process of {@link OutboxCrashTest}: appends 200-byte records as fast as it can until
 * it is killed, printing {@code appended <id> <seq>} after each append returned.
 *
 * <p>Arguments: outbox directory, {@link SyncPolicy} name, run name (part of every payload).
 */
public final class CrashingAppender {

    static final String PREFIX = "appended ";

    private CrashingAppender() {
    }

    /** The outbox settings both the child and the test use: 64 KiB segments, so kills also land near rolls. */
    static OutboxConfig config(Path dir, SyncPolicy sync) {
        return OutboxConfig.defaults(dir).withSizes(64 << 10, 64 << 20).withSync(sync, Duration.ofMillis(50));
    }

    /** The payload of record {@code seq} of run {@code run}: 200 bytes. */
    static byte[] payload(String run, long seq) {
        byte[] payload = new byte[200];
        Arrays.fill(payload, (byte) '#');
        byte[] head = (run + "-" + seq + "-").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, payload, 0, head.length);
        return payload;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SyncPolicy sync = SyncPolicy.valueOf(args[1]);
        String run = args[2];
        PrintStream out = System.out;
        Outbox outbox = Outbox.open(config(dir, sync), Clock.systemUTC(), new SimpleMeterRegistry());
        for (long seq = 0; ; seq++) {
            long id = outbox.append("prediction", "L1", "linegate/gw/lines/L1/predictions", payload(run, seq), false);
            out.println(PREFIX + id + " " + seq);
            out.flush();
        }
    }
}
