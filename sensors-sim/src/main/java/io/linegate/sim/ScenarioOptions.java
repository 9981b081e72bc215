package io.linegate.sim;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The scenario options of {@code sensors-sim fleet} ({@code --drift}, {@code --dropout},
 * {@code --stuck}, {@code --collinear}) and how the command prints a scenario. Each option may
 * be repeated, and one value may hold several specs separated by {@code ;}. Used on the
 * command's main thread, except {@link #printDrift}, which the fleet's publisher thread calls.
 */
final class ScenarioOptions {

    @Option(names = "--drift", paramLabel = "SPEC",
            description = {"Change a true coefficient at an event time offset from the start, e.g."
                    + " \"at=10m, speed=+3.0\" (add), \"at=10m, speed=-1.5\" (subtract), \"at=10m, speed==2.0\" (set),"
                    + " \"line=L1, at=5m, intercept=+5\". Terms: feed, state, speed, intercept. Repeatable;"
                    + " ';' separates specs."})
    private List<String> drifts = new ArrayList<>();

    @Option(names = "--dropout", paramLabel = "SPEC",
            description = "A sensor publishes nothing for a span, e.g. \"sensor=speed, from=5m, for=2m\""
                    + " (optional line=L1). Repeatable; ';' separates specs.")
    private List<String> dropouts = new ArrayList<>();

    @Option(names = "--stuck", paramLabel = "SPEC",
            description = "A sensor repeats its last value for a span, e.g. \"sensor=feed, from=5m, for=2m\""
                    + " (optional line=L1). Repeatable; ';' separates specs.")
    private List<String> stuck = new ArrayList<>();

    @Option(names = "--collinear", paramLabel = "SPEC",
            description = "Generate a feature from another: \"feed=2*speed+1\" exactly, or with noise:"
                    + " \"feed=2*speed+1, noise=0.01\" (optional line=L1). Repeatable; ';' separates specs.")
    private List<String> collinear = new ArrayList<>();

    /** Parses every option into {@code builder}; the messages start with the option's kind ({@code drift ...}). */
    void applyTo(FleetConfig.Builder builder) {
        drifts.forEach(text -> Drift.parse(text).forEach(builder::drift));
        dropouts.forEach(text -> Dropout.parse(text).forEach(builder::dropout));
        stuck.forEach(text -> Stuck.parse(text).forEach(builder::stuck));
        collinear.forEach(text -> Collinear.parse(text).forEach(builder::collinear));
    }

    /**
     * After the ground-truth table: every drift with its offset and event time, in time order,
     * then the other scenario entries. Prints nothing without a scenario.
     */
    static void printStart(PrintWriter out, FleetConfig config, List<GroundTruth> truths, long startEpochMs) {
        record Line(Duration at, String text) {
        }
        List<Line> drifts = new ArrayList<>();
        for (GroundTruth truth : truths) {
            List<String> texts = truth.describeDrifts();
            for (int i = 0; i < texts.size(); i++) {
                Duration at = truth.drifts().get(i).at();
                drifts.add(new Line(at, texts.get(i) + " at event time " + Instant.ofEpochMilli(startEpochMs).plus(at)));
            }
        }
        if (!drifts.isEmpty()) {
            drifts.sort(Comparator.comparing(Line::at));
            out.println("Drifts (offsets from the start at " + Instant.ofEpochMilli(startEpochMs) + "):");
            drifts.forEach(line -> out.println("  " + line.text()));
        }
        Scenario scenario = config.scenario();
        List<String> others = new ArrayList<>(scenario.describe());
        others.removeIf(text -> text.startsWith("drift "));
        if (!others.isEmpty()) {
            out.println("Scenario (offsets from the start):");
            others.forEach(text -> out.println("  " + text));
        }
    }

    /**
     * Prints each drift event and the truth from then on. Events that arrive before
     * {@link #headerPrinted()} (in accelerated mode the publisher starts at once) are held
     * and printed after the ground-truth header, so the output stays in order. The publisher
     * thread calls {@link #print}, the command's main thread {@link #headerPrinted()}.
     */
    static final class DriftPrinter {

        private final PrintWriter out;
        private final List<DriftEvent> held = new ArrayList<>();
        private boolean headerDone;

        DriftPrinter(PrintWriter out) {
            this.out = out;
        }

        synchronized void print(DriftEvent event) {
            if (headerDone) {
                write(event);
            } else {
                held.add(event);
            }
        }

        synchronized void headerPrinted() {
            headerDone = true;
            held.forEach(this::write);
            held.clear();
        }

        private void write(DriftEvent event) {
            out.println(event.describe());
            out.println("  now " + event.after().describe());
            out.flush();
        }
    }
}
