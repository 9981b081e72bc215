package io.linegate.gateway.forward;

import java.util.Objects;

/**
 * The upstream topic names (DESIGN §3.4) under a prefix such as {@code linegate/edge-01}.
 * Line ids are validated before they get here; nothing unchecked is put into a topic.
 */
public record UpstreamTopics(String prefix) {

    public UpstreamTopics {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** {@code {prefix}/lines/{line}/predictions}: one Prediction per line per closed window. */
    public String predictions(String lineId) {
        return prefix + "/lines/" + lineId + "/predictions";
    }

    /** {@code {prefix}/lines/{line}/model}: retained ModelSummary. */
    public String model(String lineId) {
        return prefix + "/lines/" + lineId + "/model";
    }

    /** {@code {prefix}/lines/{line}/alerts}: Alert when a line needs attention (drift). */
    public String alerts(String lineId) {
        return prefix + "/lines/" + lineId + "/alerts";
    }

    /** {@code {prefix}/status}: retained {@code online} birth, {@code offline} will. */
    public String status() {
        return prefix + "/status";
    }

    /** {@code {prefix}/deadletters}: rate-limited DeadLetter samples. */
    public String deadLetters() {
        return prefix + "/deadletters";
    }
}
