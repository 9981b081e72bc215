package io.linegate.gateway.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the NIST StRD linear least squares data and certified values from the directory named by
 * system property {@value #DIR_PROPERTY} (set by the gateway's surefire configuration to
 * {@code ../shared/data/nist-strd}). A missing directory fails the test with a message saying
 * how to provide it; it is never a silent skip.
 */
final class NistStrd {

    static final String DIR_PROPERTY = "nist.strd.dir";

    private NistStrd() {
    }

    /** One certified parameter: {@code B0} is the intercept, {@code Bk} multiplies the k-th regressor. */
    record Certified(String parameter, double estimate, double stdDev) {
    }

    /** Observations as the file spells them, {@code y} first, so that exact arithmetic can reread them. */
    record Dataset(String name, List<String> columns, List<String[]> rows) {

        double y(int row) {
            return Double.parseDouble(rows.get(row)[0]);
        }

        double x(int row, int column) {
            return Double.parseDouble(rows.get(row)[column]);
        }

        int size() {
            return rows.size();
        }
    }

    static Path directory() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("System property " + DIR_PROPERTY + " is not set. Run the tests"
                    + " through Maven (the gateway surefire configuration sets it) or pass -D" + DIR_PROPERTY
                    + "=/path/to/shared/data/nist-strd");
        }
        Path dir = Path.of(property);
        if (!Files.isRegularFile(dir.resolve("certified.csv"))) {
            throw new IllegalStateException(
                    DIR_PROPERTY + "=" + dir.toAbsolutePath().normalize() + " does not contain certified.csv");
        }
        return dir;
    }

    static Dataset dataset(String name) {
        List<String> lines = readLines(directory().resolve(name + ".csv"));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.trim().split(","));
            }
        }
        return new Dataset(name, List.of(lines.get(0).trim().split(",")), rows);
    }

    /** Certified parameters of {@code name}, in file order (B0, B1, ...). */
    static List<Certified> certified(String name) {
        List<String> lines = readLines(directory().resolve("certified.csv"));
        List<Certified> result = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = splitCsv(line);
            if (fields.size() == 5 && fields.get(0).equals(name)) {
                result.add(new Certified(fields.get(2), Double.parseDouble(fields.get(3)),
                        Double.parseDouble(fields.get(4))));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("certified.csv has no parameters for " + name);
        }
        return result;
    }

    /** The certified estimates as written in certified.csv, for exact arithmetic. */
    static List<BigDecimal> certifiedExact(String name) {
        List<String> lines = readLines(directory().resolve("certified.csv"));
        List<BigDecimal> result = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = splitCsv(line);
            if (fields.size() == 5 && fields.get(0).equals(name)) {
                result.add(new BigDecimal(fields.get(3)));
            }
        }
        return result;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NIST StRD file " + file, e);
        }
    }

    /** Comma-separated fields; double quotes protect commas (the {@code model} column). */
    private static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }
}
