package io.linegate.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The machine a result was measured on: processors, CPU model, memory, OS and JDK.
 *
 * @param processors  available processors (as {@code nproc})
 * @param cpuModel    {@code model name} from /proc/cpuinfo, or "n/a"
 * @param memTotalBytes {@code MemTotal} from /proc/meminfo, or null
 * @param os          os.name os.version os.arch
 * @param jdk         java.vm.vendor java.runtime.version
 */
record MachineInfo(int processors, String cpuModel, Long memTotalBytes, String os, String jdk) {

    static MachineInfo current() {
        String cpuModel = read("/proc/cpuinfo").map(MachineInfo::cpuModel).orElse("n/a");
        OptionalLong mem = read("/proc/meminfo").map(ProcStats::memTotalBytes).orElse(OptionalLong.empty());
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel,
                mem.isPresent() ? mem.getAsLong() : null,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    /** The first {@code model name} of /proc/cpuinfo text, or "n/a". */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? "n/a" : line.substring(colon + 1).trim();
            }
        }
        return "n/a";
    }

    private static java.util.Optional<String> read(String file) {
        try {
            return java.util.Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
