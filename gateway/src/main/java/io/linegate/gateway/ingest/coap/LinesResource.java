package io.linegate.gateway.ingest.coap;

import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /lines} resource and everything below it: resolves the path to a {@link CoapRoute}
 * (4.04 for any other shape), allows POST and PUT (4.05 otherwise) and answers with what
 * {@link ReadingRequests} decided.
 *
 * <p>Runs on Californium's protocol-stage threads; never blocks and never lets an exception
 * escape: a bug is counted ({@code linegate.ingest.errors{source=coap}}), logged and answered 5.00.
 */
final class LinesResource extends CoapResource {

    private static final Logger log = LoggerFactory.getLogger(LinesResource.class);

    private final ReadingRequests requests;
    private final CoapMeters meters;

    LinesResource(ReadingRequests requests, CoapMeters meters) {
        super(CoapRoute.LINES);
        this.requests = requests;
        this.meters = meters;
        getAttributes().setTitle("Linegate readings: POST /lines/{line} or /lines/{line}/sensors/{sensor}");
    }

    /** Every path below {@code /lines} ends here; {@link CoapRoute} decides whether it exists. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        CoAP.Code method = request.getCode();
        CoapOutcome outcome;
        try {
            outcome = answer(request, method);
        } catch (RuntimeException e) {
            meters.errors.increment();
            log.error("CoAP request handling failed method={} path-length={}", method,
                    request.getOptions().getUriPathString().length(), e);
            outcome = CoapOutcome.of(ResponseCode.INTERNAL_SERVER_ERROR, "internal error");
        }
        meters.request(method, outcome.code());
        exchange.sendResponse(toResponse(outcome));
    }

    private CoapOutcome answer(Request request, CoAP.Code method) {
        CoapRoute route = CoapRoute.parse(request.getOptions().getUriPath());
        if (route == null) {
            return CoapOutcome.of(ResponseCode.NOT_FOUND,
                    "no such resource; POST /lines/{line} or /lines/{line}/sensors/{sensor}");
        }
        if (method != CoAP.Code.POST && method != CoAP.Code.PUT) {
            return CoapOutcome.of(ResponseCode.METHOD_NOT_ALLOWED, "use POST or PUT");
        }
        meters.messages.increment();
        String path = "/" + request.getOptions().getUriPathString();
        return requests.handle(route, request.getOptions().getContentFormat(), request.getPayload(), path);
    }

    private static Response toResponse(CoapOutcome outcome) {
        Response response = new Response(outcome.code());
        response.setPayload(outcome.text().getBytes(StandardCharsets.UTF_8));
        response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        if (outcome.maxAgeSeconds() >= 0) {
            response.getOptions().setMaxAge(outcome.maxAgeSeconds());
        }
        if (outcome.size1() >= 0) {
            response.getOptions().setSize1(outcome.size1());
        }
        return response;
    }
}
