package io.linegate.sim.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finding programs on the PATH (and in /usr/sbin, where Debian installs mosquitto). */
final class Executables {

    private Executables() {
    }

    /** Whether {@code name} can be started by name. */
    static boolean onPath(String name) {
        return find(name) != null;
    }

    /** The full path of {@code name} on the PATH or in /usr/sbin and /usr/local/sbin; null if absent. */
    static Path find(String name) {
        String path = System.getenv("PATH");
        String searched = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/local/sbin";
        for (String dir : searched.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
