package io.linegate.sim.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured. A phase that did not run has {@code ran == false} and says
 * why in {@code note}.
 *
 * @param broker       which broker was used, e.g. {@code mosquitto (started) tcp://127.0.0.1:41234}
 * @param workDir      temp dir with the generated configs and the child processes' logs
 * @param paho         the Paho no-op subscriber baseline
 * @param mosquittoSub the mosquitto_sub baseline
 * @param gateway      the gateway phase
 */
record BenchResult(String broker, Path workDir, Receiver paho, Receiver mosquittoSub, Gateway gateway) {

    /** Gateway accepted readings/s ÷ Paho baseline readings/s, or null. */
    Double gatewayToPaho() {
        return ratio(paho);
    }

    /** Gateway accepted readings/s ÷ mosquitto_sub readings/s, or null. */
    Double gatewayToMosquittoSub() {
        return ratio(mosquittoSub);
    }

    private Double ratio(Receiver baseline) {
        if (gateway == null || !gateway.ran() || baseline == null || !baseline.ran() || baseline.readingsPerSecond() <= 0) {
            return null;
        }
        return gateway.acceptedPerSecond() / baseline.readingsPerSecond();
    }

    /**
     * A baseline receiver phase.
     *
     * @param name             {@code paho} or {@code mosquitto_sub}
     * @param ran              false when skipped or failed; see {@code note}
     * @param note             why not, or null
     * @param load             what was published
     * @param receivedMessages messages the receiver counted
     * @param receivedReadings readings in them (messages × readings per message)
     * @param seconds          load start to the last arrival
     */
    record Receiver(String name, boolean ran, String note, BenchLoad.LoadResult load, long receivedMessages,
                    long receivedReadings, double seconds) {

        static Receiver skipped(String name, String note) {
            return new Receiver(name, false, note, null, 0, 0, 0);
        }

        double readingsPerSecond() {
            return seconds > 0 ? receivedReadings / seconds : 0;
        }

        long lostReadings() {
            return load == null ? 0 : load.publishedReadings() - receivedReadings;
        }
    }

    /**
     * The gateway phase.
     *
     * @param ran               false when it could not run; see {@code note}
     * @param note              why not, or null
     * @param command           the child's command line
     * @param jvmOptions        its JVM options
     * @param load              what was published
     * @param accepted          readings accepted during the phase (linegate_readings_accepted_total)
     * @param rejected          counted rejects (linegate_rejected_total, all reasons and sources)
     * @param rejectedByReason  rejects per reason
     * @param ingestMessages    linegate_ingest_messages_total during the phase
     * @param predictions       linegate_predictions_total during the phase
     * @param predictionsWithValue those with {@code predicted="true"}
     * @param seconds           load start to the last rise of accepted + rejected
     * @param cpuSeconds        the child's CPU seconds during the phase, or null (n/a)
     * @param peakRssBytes      the child's VmHWM at the end, or null (n/a)
     * @param latency           window close to prediction arrival upstream
     * @param settled           accepted + rejected reached the published count before the settle timeout
     * @param startToReadyMillis from starting the gateway process to its first {@code /readyz} 200
     * @param samples           heap, accepted count and CPU sampled during the load
     */
    record Gateway(boolean ran, String note, List<String> command, List<String> jvmOptions, BenchLoad.LoadResult load,
                   long accepted, long rejected, Map<String, Double> rejectedByReason, long ingestMessages,
                   long predictions, long predictionsWithValue, double seconds, Double cpuSeconds, Long peakRssBytes,
                   LatencyRecorder.Summary latency, boolean settled, long startToReadyMillis,
                   List<GatewaySampler.Sample> samples) {

        Gateway {
            command = List.copyOf(command);
            jvmOptions = List.copyOf(jvmOptions);
            rejectedByReason = rejectedByReason == null ? Map.of() : Map.copyOf(rejectedByReason);
            samples = samples == null ? List.of() : List.copyOf(samples);
        }

        static Gateway failed(List<String> command, List<String> jvmOptions, String note) {
            return new Gateway(false, note, command, jvmOptions, null, 0, 0, Map.of(), 0, 0, 0, 0, null, null, null,
                    false, -1, List.of());
        }

        double acceptedPerSecond() {
            return seconds > 0 ? accepted / seconds : 0;
        }

        double predictionsPerSecond() {
            return seconds > 0 ? predictions / seconds : 0;
        }

        /** Published − accepted − counted rejects; null when the phase did not run. */
        Long loss() {
            return ran && load != null ? load.publishedReadings() - accepted - rejected : null;
        }

        /** CPU seconds per million accepted readings, or null. */
        Double cpuSecondsPerMillionReadings() {
            return cpuSeconds == null || accepted == 0 ? null : cpuSeconds / accepted * 1e6;
        }
    }
}
