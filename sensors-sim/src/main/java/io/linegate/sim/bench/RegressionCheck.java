package io.linegate.sim.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CI verdict of {@code bench --quick}: fail on any silent loss (published − accepted −
 * counted rejects &gt; 0 after the settle wait) or when a gateway/baseline ratio is below
 * {@code failBelowFraction} (30 %) of its recorded value; pass otherwise. Deliberately
 * coarse: it catches gross regressions, never timing noise. Pure, any thread.
 */
final class RegressionCheck {

    /** The bundled recorded ratios of the quick preset. */
    static final String BUNDLED = "/bench-quick-baseline.json";
    static final double DEFAULT_FAIL_BELOW_FRACTION = 0.30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegressionCheck() {
    }

    /**
     * Recorded ratios of gateway accepted readings/s to a baseline's received readings/s.
     *
     * @param gatewayToPaho         ratio to the Paho no-op subscriber; null = not recorded
     * @param gatewayToMosquittoSub ratio to mosquitto_sub; null = not recorded
     * @param failBelowFraction     fail when a measured ratio is below this fraction of the recorded one
     * @param source                where they were read from
     */
    record Recorded(Double gatewayToPaho, Double gatewayToMosquittoSub, double failBelowFraction, String source) {

        Recorded {
            if (!(failBelowFraction > 0 && failBelowFraction <= 1)) {
                throw new IllegalArgumentException("failBelowFraction must be in (0, 1]. Found: " + failBelowFraction);
            }
        }
    }

    /**
     * What the run measured.
     *
     * @param loss                  published − accepted − rejected readings; null when the gateway phase did not complete
     * @param gatewayToPaho         measured ratio; null when not measured
     * @param gatewayToMosquittoSub measured ratio; null when not measured
     */
    record Measured(Long loss, Double gatewayToPaho, Double gatewayToMosquittoSub) {
    }

    /** Pass or fail, and every reason, one sentence each. */
    record Verdict(boolean pass, List<String> reasons) {

        Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    static Verdict decide(Measured measured, Recorded recorded) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (measured.loss() == null) {
            failures.add("the gateway phase did not complete, so loss is unknown");
        } else if (measured.loss() > 0) {
            failures.add("silent loss: " + measured.loss() + " readings were published but neither accepted nor"
                    + " counted as rejected by the gateway");
        } else {
            notes.add("no silent loss");
        }
        compare("gateway/paho", measured.gatewayToPaho(), recorded.gatewayToPaho(), recorded.failBelowFraction(),
                failures, notes);
        compare("gateway/mosquitto_sub", measured.gatewayToMosquittoSub(), recorded.gatewayToMosquittoSub(),
                recorded.failBelowFraction(), failures, notes);
        List<String> reasons = new ArrayList<>(failures);
        reasons.addAll(notes);
        return new Verdict(failures.isEmpty(), reasons);
    }

    private static void compare(String name, Double measured, Double recorded, double fraction,
                                List<String> failures, List<String> notes) {
        if (recorded == null) {
            notes.add(name + ": no recorded ratio, not compared");
            return;
        }
        if (measured == null) {
            notes.add(name + ": not measured in this run, not compared");
            return;
        }
        double threshold = recorded * fraction;
        String text = String.format(Locale.ROOT, "%s ratio %.3f vs recorded %.3f (fails below %.3f = %.0f %%)",
                name, measured, recorded, threshold, fraction * 100);
        if (measured < threshold) {
            failures.add(text);
        } else {
            notes.add(text + ": ok");
        }
    }

    /** Reads recorded ratios from {@code file}, or the bundled file when null. */
    static Recorded load(Path file) {
        if (file == null) {
            try (InputStream in = RegressionCheck.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new BenchException("the bundled " + BUNDLED + " is missing from the jar");
                }
                return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "bundled " + BUNDLED);
            } catch (IOException e) {
                throw new BenchException("cannot read the bundled " + BUNDLED + ": " + e.getMessage(), e);
            }
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new BenchException("cannot read --baseline-file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code {"ratios": {"gatewayToPaho": 0.8, "gatewayToMosquittoSub": 0.8},
     * "failBelowFraction": 0.3}}; every field optional.
     *
     * @throws BenchException naming the field when the text is not such an object
     */
    static Recorded parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new BenchException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BenchException(source + " must hold a JSON object with \"ratios\"");
        }
        JsonNode ratios = root.path("ratios");
        return new Recorded(ratio(ratios, "gatewayToPaho", source), ratio(ratios, "gatewayToMosquittoSub", source),
                root.has("failBelowFraction") ? number(root.get("failBelowFraction"), "failBelowFraction", source)
                        : DEFAULT_FAIL_BELOW_FRACTION, source);
    }

    private static Double ratio(JsonNode ratios, String name, String source) {
        JsonNode node = ratios.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        double value = number(node, "ratios." + name, source);
        if (!(value > 0)) {
            throw new BenchException(source + ": ratios." + name + " must be greater than 0. Found: " + node);
        }
        return value;
    }

    private static double number(JsonNode node, String name, String source) {
        if (!node.isNumber()) {
            throw new BenchException(source + ": " + name + " must be a number. Found: " + node);
        }
        return node.asDouble();
    }
}
