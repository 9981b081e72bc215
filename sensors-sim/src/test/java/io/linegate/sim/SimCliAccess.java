package io.linegate.sim;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Lets tests in sub-packages run the command line with their own command factory. */
public final class SimCliAccess {

    private SimCliAccess() {
    }

    public static int execute(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
        return SensorsSimCli.execute(factory, out, err, args);
    }
}
