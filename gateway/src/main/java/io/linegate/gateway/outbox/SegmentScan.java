package io.linegate.gateway.outbox;

import java.nio.file.Path;

/**
 * What scanning one segment file on open found.
 *
 * @param segment    the opened segment holding every record that checked out, or {@code null}
 *                   when the header itself was torn or foreign
 * @param path       the file
 * @param baseId     the base id from the file name
 * @param fileBytes  the file's size before any truncation
 * @param tornReason why reading stopped before the end of the file, {@code null} when it did not
 */
record SegmentScan(Segment segment, Path path, long baseId, long fileBytes, String tornReason) {

    static SegmentScan badHeader(Path path, long baseId, long fileBytes, String reason) {
        return new SegmentScan(null, path, baseId, fileBytes, reason);
    }

    static SegmentScan opened(Segment segment, long fileBytes, String tornReason) {
        return new SegmentScan(segment, segment.path(), segment.baseId(), fileBytes, tornReason);
    }

    boolean clean() {
        return tornReason == null;
    }
}
