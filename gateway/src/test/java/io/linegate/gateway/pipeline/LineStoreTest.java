package io.linegate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineStoreTest {

    @TempDir
    Path dir;

    @Test
    void loadsNothingForANewLine() throws IOException {
        LineStore.Saved saved = new LineStore(dir).load("L1");

        assertThat(saved.model()).isNull();
        assertThat(saved.journal()).isEmpty();
        assertThat(saved.lastSeq()).isZero();
    }

    @Test
    void returnsTheCheckpointAndOnlyTheWindowsJournaledAfterIt() throws IOException {
        LineStore store = new LineStore(dir);
        try (LineStore.Journal journal = store.openJournal("L1", 0)) {
            journal.append(1, new double[] {1, 2}, 3);
            journal.append(2, null, Double.NaN);
            store.checkpoint("L1", 2, new byte[] {7, 8, 9}, journal);
            journal.append(3, new double[] {4, 5}, 6);
        }

        LineStore.Saved saved = store.load("L1");

        assertThat(saved.checkpointSeq()).isEqualTo(2);
        assertThat(saved.model()).containsExactly(7, 8, 9);
        assertThat(saved.journal()).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(3);
            assertThat(e.features()).containsExactly(4, 5);
            assertThat(e.target()).isEqualTo(6);
        });
        assertThat(saved.lastSeq()).isEqualTo(3);
    }

    @Test
    void thousandsOfOpenJournalsHoldNoFileDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux) to count open files");
        LineStore store = new LineStore(dir);
        long before = countEntries(fds);
        List<LineStore.Journal> journals = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            LineStore.Journal journal = store.openJournal("L" + i, 0);
            journal.append(1, new double[] {i}, i);
            journals.add(journal);
        }

        assertThat(countEntries(fds) - before).as("descriptors held by 3000 open journals").isLessThan(50);
        assertThat(store.load("L2999").journal()).singleElement()
                .satisfies(e -> assertThat(e.target()).isEqualTo(2999));
        journals.forEach(LineStore.Journal::close);
    }

    private static long countEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.count();
        }
    }

    @Test
    void ignoresATornLastJournalRecordAtEveryCutPoint() throws IOException {
        LineStore store = new LineStore(dir);
        try (LineStore.Journal journal = store.openJournal("L1", 0)) {
            journal.append(1, new double[] {1, 2, 3}, 4);
            journal.append(2, new double[] {5, 6, 7}, 8);
        }
        byte[] full = Files.readAllBytes(dir.resolve("L1.journal"));
        int firstRecord = full.length / 2;
        for (int cut = firstRecord; cut < full.length; cut++) {
            Files.write(dir.resolve("L1.journal"), Arrays.copyOf(full, cut));

            LineStore.Saved saved = store.load("L1");

            assertThat(saved.journal()).as("cut at %d", cut).extracting(LineStore.JournalEntry::seq).containsExactly(1L);
        }
    }

    @Test
    void cutsOffATornTailBeforeAppendingSoLaterRecordsAreNotHidden() throws IOException {
        LineStore store = new LineStore(dir);
        try (LineStore.Journal journal = store.openJournal("L1", 0)) {
            journal.append(1, new double[] {1}, 2);
        }
        Files.write(dir.resolve("L1.journal"), new byte[] {0x4C, 0x47, 0x4A}, java.nio.file.StandardOpenOption.APPEND);

        LineStore.Saved saved = store.load("L1");
        try (LineStore.Journal journal = store.openJournal("L1", saved.journalBytes())) {
            journal.append(2, new double[] {3}, 4);
        }

        assertThat(store.load("L1").journal()).extracting(LineStore.JournalEntry::seq).containsExactly(1L, 2L);
    }

    @Test
    void keepsTheSeqOfACheckpointWhoseModelIsDamaged() throws IOException {
        LineStore store = new LineStore(dir);
        try (LineStore.Journal journal = store.openJournal("L1", 0)) {
            journal.append(41, null, Double.NaN);
            store.checkpoint("L1", 41, new byte[] {1, 2, 3, 4}, journal);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("L1.ckpt"));
        bytes[bytes.length - 6] ^= 0x01;
        Files.write(dir.resolve("L1.ckpt"), bytes);

        LineStore.Saved saved = store.load("L1");

        assertThat(saved.model()).isNull();
        assertThat(saved.lastSeq()).isEqualTo(41);
    }

    @Test
    void ignoresAJournalRecordWithAFlippedBit() throws IOException {
        LineStore store = new LineStore(dir);
        try (LineStore.Journal journal = store.openJournal("L1", 0)) {
            journal.append(1, new double[] {1}, 2);
            journal.append(2, new double[] {3}, 4);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("L1.journal"));
        bytes[bytes.length - 10] ^= 0x10;
        Files.write(dir.resolve("L1.journal"), bytes);

        assertThat(store.load("L1").journal()).extracting(LineStore.JournalEntry::seq).containsExactly(1L);
    }
}
