package io.linegate.sim;

import java.io.PrintWriter;
import io.linegate.sim.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sensors-sim}: the simulator's command line. Subcommands: {@code fleet} (see
 * {@link FleetCommand}) and {@code bench} (see {@link BenchCommand}). Exit codes: 0 success,
 * 1 runtime failure (e.g. broker unreachable),
 * 2 bad arguments.
 */
@Command(name = "sensors-sim",
        mixinStandardHelpOptions = true,
        versionProvider = SensorsSimCli.Version.class,
        subcommands = {FleetCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        description = "Simulated factory sensors with known ground truth, for Linegate demos, tests and load.")
public final class SensorsSimCli implements Runnable {

    /**
     * Paho logs through java.util.logging, including a stack trace at SEVERE for every lost
     * connection; the sink already reports those in one line. Held strongly, because JUL
     * forgets the level of a logger nobody references.
     */
    private static final java.util.logging.Logger PAHO_LOG = java.util.logging.Logger.getLogger("org.eclipse.paho");

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PAHO_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(CommandLine.defaultFactory(), out, err, args);
    }

    /** For tests: like {@link #execute(PrintWriter, PrintWriter, String...)}, creating commands with {@code factory}. */
    static int execute(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SensorsSimCli(), factory);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(SensorsSimCli::shortUsageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: fleet or bench");
    }

    /** One message and a hint instead of the whole usage text. */
    private static int shortUsageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The jar's Implementation-Version, when packaged with one. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = SensorsSimCli.class.getPackage().getImplementationVersion();
            return new String[] {"sensors-sim " + (version == null ? "(development build)" : version)};
        }
    }
}
