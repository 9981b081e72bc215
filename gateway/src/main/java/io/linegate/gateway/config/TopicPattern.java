package io.linegate.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the line and sensor ids sit in a reading topic, e.g. {@code sensors/{line}/{sensor}}.
 *
 * <p>A topic with as many levels as the pattern is a per-sensor topic; a topic one level
 * shorter (the trailing {@code {sensor}} left out, e.g. {@code sensors/L1}) is a per-line
 * batch topic. Literal levels must match exactly; a {@code +} level matches anything.
 *
 * <p>Immutable and thread-safe; {@link #match} is called on transport callback threads.
 */
public final class TopicPattern {

    public static final String DEFAULT = "sensors/{line}/{sensor}";

    private static final String LINE = "{line}";
    private static final String SENSOR = "{sensor}";

    private final String text;
    private final String[] levels;
    private final int lineLevel;

    private TopicPattern(String text, String[] levels, int lineLevel) {
        this.text = text;
        this.levels = levels;
        this.lineLevel = lineLevel;
    }

    /**
     * Parses a pattern. It must contain {@code {line}} once and end with {@code {sensor}}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TopicPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String[] levels = text.split("/", -1);
        int line = -1;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals(LINE)) {
                if (line >= 0) {
                    throw new IllegalArgumentException("must contain {line} once. Found: " + text);
                }
                line = i;
            } else if (level.equals(SENSOR)) {
                if (i != levels.length - 1) {
                    throw new IllegalArgumentException("{sensor} must be the last level. Found: " + text);
                }
            } else if (level.contains("#") || level.contains("{") || level.contains("}")
                    || (level.contains("+") && !level.equals("+"))) {
                throw new IllegalArgumentException("level '" + level + "' is neither a literal, '+', {line} nor {sensor}");
            }
        }
        if (line < 0) {
            throw new IllegalArgumentException("must contain {line}. Found: " + text);
        }
        if (!levels[levels.length - 1].equals(SENSOR)) {
            throw new IllegalArgumentException("must end with /{sensor}. Found: " + text);
        }
        return new TopicPattern(text, levels, line);
    }

    /**
     * Matches a topic, without checking the ids it finds (the decoder does that).
     *
     * @return the ids, with a null sensor for a per-line topic; null when the topic does not fit
     */
    public TopicMatch match(String topic) {
        List<String> parts = split(topic, levels.length);
        if (parts == null) {
            return null;
        }
        boolean lineTopic = parts.size() == levels.length - 1;
        if (!lineTopic && parts.size() != levels.length) {
            return null;
        }
        for (int i = 0; i < parts.size(); i++) {
            String level = levels[i];
            if (i == lineLevel || level.equals("+") || level.equals(SENSOR)) {
                continue;
            }
            if (!level.equals(parts.get(i))) {
                return null;
            }
        }
        if (lineLevel >= parts.size()) {
            return null;
        }
        return new TopicMatch(parts.get(lineLevel), lineTopic ? null : parts.get(parts.size() - 1));
    }

    private static List<String> split(String topic, int maxLevels) {
        List<String> parts = new ArrayList<>(maxLevels);
        int start = 0;
        while (true) {
            int slash = topic.indexOf('/', start);
            if (parts.size() == maxLevels) {
                return null;
            }
            if (slash < 0) {
                parts.add(topic.substring(start));
                return parts;
            }
            parts.add(topic.substring(start, slash));
            start = slash + 1;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * Ids found in a topic, not yet validated.
     *
     * @param lineId   the {@code {line}} level
     * @param sensorId the {@code {sensor}} level, or null on a per-line topic
     */
    public record TopicMatch(String lineId, String sensorId) {

        public boolean lineLevel() {
            return sensorId == null;
        }
    }
}
