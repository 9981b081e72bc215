package io.linegate.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak resident memory of a process, from Linux's {@code /proc/<pid>/stat}
 * (fields 14 and 15, {@code utime} and {@code stime}, in clock ticks) and
 * {@code /proc/<pid>/status} ({@code VmHWM}). Elsewhere, or once the process is gone, the
 * readings are empty and reported as "n/a". The parsers are pure and tested on fixture text.
 * Any thread.
 */
public final class ProcStats {

    /** Clock ticks per second when {@code getconf CLK_TCK} cannot tell (the Linux default). */
    static final long DEFAULT_CLOCK_TICKS = 100;

    private final Path proc;
    private final long clockTicksPerSecond;

    ProcStats(Path proc, long clockTicksPerSecond) {
        this.proc = proc;
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    /** Reads the real {@code /proc}, with the clock tick rate from {@code getconf CLK_TCK}. */
    public static ProcStats system() {
        return new ProcStats(Path.of("/proc"), clockTicks());
    }

    /** Whether this machine has a Linux {@code /proc} for this process. */
    public boolean available() {
        return Files.isReadable(proc.resolve("self").resolve("stat"));
    }

    /** User plus system CPU seconds of {@code pid} so far (not counting waited-for children). */
    public OptionalDouble cpuSeconds(long pid) {
        return read(pid, "stat").map(ProcStats::cpuTicks)
                .filter(OptionalLong::isPresent)
                .map(ticks -> OptionalDouble.of(ticks.getAsLong() / (double) clockTicksPerSecond))
                .orElse(OptionalDouble.empty());
    }

    /** Peak resident set size of {@code pid} in bytes ({@code VmHWM}). */
    public OptionalLong peakRssBytes(long pid) {
        return read(pid, "status").map(ProcStats::vmHwmBytes).orElse(OptionalLong.empty());
    }

    private Optional<String> read(long pid, String file) {
        try {
            return Optional.of(Files.readString(proc.resolve(Long.toString(pid)).resolve(file), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code utime + stime} from the text of {@code /proc/<pid>/stat}. The command name (field
     * 2) is in parentheses and may itself hold spaces and parentheses, so fields are counted
     * from the last ')'.
     */
    static OptionalLong cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        // After ')': field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmHWM} in bytes from the text of {@code /proc/<pid>/status} (the kernel writes kB). */
    static OptionalLong vmHwmBytes(String status) {
        return kilobytesField(status, "VmHWM:");
    }

    /** {@code MemTotal} in bytes from the text of {@code /proc/meminfo}. */
    static OptionalLong memTotalBytes(String meminfo) {
        return kilobytesField(meminfo, "MemTotal:");
    }

    private static OptionalLong kilobytesField(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    boolean kilobytes = parts.length > 1 && parts[1].equalsIgnoreCase("kB");
                    return OptionalLong.of(kilobytes ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** {@code getconf CLK_TCK}, or {@value #DEFAULT_CLOCK_TICKS} when it cannot be asked. */
    static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return DEFAULT_CLOCK_TICKS;
            }
            long ticks = Long.parseLong(text);
            return ticks > 0 ? ticks : DEFAULT_CLOCK_TICKS;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_CLOCK_TICKS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLOCK_TICKS;
        }
    }
}
