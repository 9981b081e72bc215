package io.linegate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {

    /** A real /proc/<pid>/stat line of a JVM, with a command name holding a space and parentheses. */
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 51234 0 12 0 "
            + "1234 567 0 0 20 0 31 0 889911 3967610880 61234 18446744073709551615 1 1 0 0 0 0 0 2 16800975 "
            + "0 0 0 17 1 0 0 0 0 0\n";

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 3874620 kB
            VmSize:\t 3874620 kB
            VmHWM:\t  245760 kB
            VmRSS:\t  240000 kB
            Threads:\t31
            """;

    @Test
    void addsUserAndSystemTicksCountingFieldsFromTheLastParenthesis() {
        assertThat(ProcStats.cpuTicks(STAT)).hasValue(1234 + 567);
    }

    @Test
    void readsThePeakResidentSetInBytes() {
        assertThat(ProcStats.vmHwmBytes(STATUS)).hasValue(245_760L * 1024);
    }

    @Test
    void readsTotalMemoryFromMeminfo() {
        assertThat(ProcStats.memTotalBytes("MemTotal:       24576000 kB\nMemFree:  100 kB\n")).hasValue(24_576_000L * 1024);
    }

    @Test
    void givesNothingForTextItCannotRead() {
        assertThat(ProcStats.cpuTicks("no parenthesis here")).isEmpty();
        assertThat(ProcStats.cpuTicks("1 (java) S 1 2")).isEmpty();
        assertThat(ProcStats.cpuTicks("1 (java) S 1 2 3 4 5 6 7 8 9 x y z")).isEmpty();
        assertThat(ProcStats.vmHwmBytes("Name:\tjava\n")).isEmpty();
        assertThat(ProcStats.vmHwmBytes("VmHWM:\tlots kB\n")).isEmpty();
    }

    @Test
    void convertsTicksToSecondsWithTheClockTickRate(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242").resolve("stat"), STAT);
        Files.writeString(proc.resolve("4242").resolve("status"), STATUS);
        ProcStats stats = new ProcStats(proc, 100);

        assertThat(stats.cpuSeconds(4242)).isEqualTo(OptionalDouble.of(18.01));
        assertThat(stats.peakRssBytes(4242)).isEqualTo(OptionalLong.of(245_760L * 1024));
    }

    @Test
    void reportsNothingForAProcessThatIsGoneOrAMachineWithoutProc(@TempDir Path proc) {
        ProcStats stats = new ProcStats(proc, 100);

        assertThat(stats.cpuSeconds(4242)).isEmpty();
        assertThat(stats.peakRssBytes(4242)).isEmpty();
        assertThat(stats.available()).isFalse();
    }
}
