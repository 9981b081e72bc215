package io.linegate.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Measures how many CoAP requests per second the fleet sends to an in-process Californium
 * server that answers 2.04 to everything (the real gateway is measured separately). Not a test:
 * run it with the test classpath, e.g.
 * {@code java -cp sensors-sim/target/test-classes:sensors-sim/target/classes:<deps> io.linegate.sim.CoapThroughput [seconds]}.
 * Client and server share the machine's cores, so the numbers are a floor for the client alone.
 */
public final class CoapThroughput {

    private static final long START_MS = 1_764_340_000_000L;

    private CoapThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        Duration warmUp = Duration.ofSeconds(3);
        System.out.printf(Locale.ROOT, "%-9s %7s %6s %9s %9s %8s %10s %7s%n", "format", "devices", "lines", "requests",
                "2.04s", "2.04/s", "ID-waits", "failed");
        for (PayloadFormat format : List.of(PayloadFormat.JSON, PayloadFormat.PROTOBUF)) {
            for (int devices : List.of(1, 16)) {
                run(format, devices, warmUp, measure);
            }
        }
    }

    private static void run(PayloadFormat format, int devices, Duration warmUp, Duration measure) throws Exception {
        int lines = 20;
        try (CoapTestServer server = CoapTestServer.counting()) {
            FleetConfig config = FleetConfig.builder().lines(lines).seed(1).format(format).accelerated(START_MS)
                    .coap(CoapTarget.coap(server.uri()).withDevices(devices)).build();
            try (Fleet fleet = Fleet.start(config)) {
                Thread.sleep(warmUp.toMillis());
                CoapOutcomes before = fleet.coapOutcomes().orElseThrow();
                long startNanos = System.nanoTime();
                Thread.sleep(measure.toMillis());
                CoapOutcomes after = fleet.coapOutcomes().orElseThrow();
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                long changed = after.changed() - before.changed();
                fleet.stop();
                System.out.printf(Locale.ROOT, "%-9s %7d %6d %9d %9d %8.0f %10d %7d%n", format.cliName(), devices, lines,
                        after.requests() - before.requests(), changed, changed / seconds,
                        after.messageIdWaits() - before.messageIdWaits(), fleet.failedMessages());
            }
        }
    }
}
