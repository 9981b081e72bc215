package io.linegate.gateway.ingest.coap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MalformedMessageInterceptor;
import org.eclipse.californium.elements.RawData;

/**
 * The CoAP ingest's meters. Micrometer meters are thread-safe; shared by every Californium thread.
 *
 * <ul>
 *   <li>{@code linegate.coap.requests{method,code}}: requests to {@code /lines/...}, by answer;</li>
 *   <li>{@code linegate.coap.responses{code}}: every response an endpoint sends, Californium's own
 *       included (4.02 bad option, 4.04 outside {@code /lines}, 4.13 from block-wise reassembly);</li>
 *   <li>{@code linegate.coap.malformed}: datagrams that are not CoAP messages;</li>
 *   <li>{@code linegate.coap.observe.registrations}, {@code .notifications}, {@code .failures}: the
 *       observe client;</li>
 *   <li>{@code linegate.ingest.messages{source=coap}} and {@code linegate.ingest.errors{source=coap}},
 *       named like the MQTT ingest's.</li>
 * </ul>
 */
final class CoapMeters {

    final Counter messages;
    final Counter errors;
    final Counter malformed;
    private final MeterRegistry registry;

    CoapMeters(MeterRegistry registry) {
        this.registry = registry;
        this.messages = Counter.builder("linegate.ingest.messages").tag("source", CoapIngest.SOURCE)
                .description("Messages received").register(registry);
        this.errors = Counter.builder("linegate.ingest.errors").tag("source", CoapIngest.SOURCE)
                .description("Unexpected failures in the CoAP handler (bugs); the server keeps serving")
                .register(registry);
        this.malformed = Counter.builder("linegate.coap.malformed")
                .description("Datagrams that are not well-formed CoAP messages").register(registry);
    }

    /** Counts one answered request to a route. */
    void request(CoAP.Code method, CoAP.ResponseCode code) {
        Counter.builder("linegate.coap.requests").tag("method", String.valueOf(method)).tag("code", code.text)
                .description("CoAP requests to /lines, by method and answer").register(registry).increment();
    }

    /** A counter of the observe client, registered on first use. */
    Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /**
     * Counts what an endpoint sends and the datagrams it cannot parse. Register it with
     * {@code CoapEndpoint.addPostProcessInterceptor}: only those are told about malformed datagrams.
     * Called on Californium's threads.
     */
    MalformedMessageInterceptor interceptor() {
        return new MalformedMessageInterceptor() {
            @Override
            public void receivedMalformedMessage(RawData message) {
                malformed.increment();
            }

            @Override
            public void sendResponse(Response response) {
                Counter.builder("linegate.coap.responses").tag("code", response.getCode().text)
                        .description("CoAP responses sent, Californium's own included").register(registry).increment();
            }

            @Override
            public void sendRequest(Request request) {
            }

            @Override
            public void sendEmptyMessage(EmptyMessage message) {
            }

            @Override
            public void receiveRequest(Request request) {
            }

            @Override
            public void receiveResponse(Response response) {
            }

            @Override
            public void receiveEmptyMessage(EmptyMessage message) {
            }
        };
    }
}
