package io.linegate.sim;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a fleet's messages as CoAP POSTs (DESIGN §3.2) from {@link CoapTarget#devices()}
 * simulated devices: {@code /lines/<line>/sensors/<sensor>} for per-sensor messages,
 * {@code /lines/<line>} for per-line ones, with the format's content-format.
 *
 * <p>Each device is one Californium endpoint on its own UDP port with at most
 * {@link CoapTarget#inFlightPerDevice()} requests awaiting their answer; a message goes to the
 * next device (round robin) that has room. The fleet's window is never larger than the sum of
 * the devices' windows, and a device's permit is returned before the fleet's, so a device with
 * room always exists when the fleet hands a message over.
 *
 * <p>Every message ends in exactly one outcome: 2.xx delivers it; 5.03 sends the same request
 * again after the answer's Max-Age (RFC 7252's 60 s when it has none) up to
 * {@link CoapTarget#maxRetries()} times; any other answer, a reset, a timeout or a send error
 * (e.g. a failed DTLS handshake) fails it, counted in {@link CoapOutcomes}.
 *
 * <p>RFC 7252 §4.4 forbids reusing a message ID towards the same server within
 * EXCHANGE_LIFETIME (247 s), so one device can send at most 65,536 requests per 247 s
 * (about 265/s sustained). When Californium runs out of IDs for a device, the request waits
 * {@value #MESSAGE_ID_WAIT_MS} ms and is sent again (counted as a message-ID wait, not a
 * failure): the fleet slows down instead of losing readings. More devices, more throughput.
 *
 * <p>Threads: {@link #publish} runs on the fleet's publisher thread and never blocks (the
 * request is queued by Californium). Answers arrive on Californium's threads and are only
 * counted and passed on; retries and attempt timeouts run on the {@code sensors-sim-coap-retry}
 * thread. {@link #close()} fails what is still open, destroys the endpoints and ends every thread.
 */
final class CoapSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(CoapSink.class);
    private static final long RFC_DEFAULT_MAX_AGE_SECONDS = 60;
    /** How long a device waits for a message ID to come free before it tries again. */
    private static final long MESSAGE_ID_WAIT_MS = 250;

    private final CoapTarget target;
    private final int contentFormat;
    private final EndpointContext destination;
    private final CoapEndpoints endpoints;
    private final List<Device> devices;
    private final CoapCounters counters = new CoapCounters();
    private final Set<Attempt> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;
    /** Publisher thread only. */
    private int nextDevice;

    private CoapSink(CoapTarget target, PayloadFormat format, InetSocketAddress address, CoapEndpoints endpoints) {
        this.target = target;
        this.contentFormat = format.coapContentFormat();
        this.destination = new AddressEndpointContext(address);
        this.endpoints = endpoints;
        List<Device> list = new ArrayList<>();
        for (Endpoint endpoint : endpoints.endpoints()) {
            list.add(new Device(endpoint, new Semaphore(target.inFlightPerDevice())));
        }
        this.devices = List.copyOf(list);
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sensors-sim-coap-retry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Opens every device's endpoint and checks, with a CoAP ping per device (which also runs the
     * DTLS handshake for coaps), that the server answers; blocks the caller up to
     * {@code connectTimeout}.
     *
     * @throws FleetException when the PSK cannot be read, the handshake fails or nothing answers
     */
    static CoapSink open(FleetConfig config) {
        CoapTarget target = config.coap();
        URI uri = target.uri();
        int port = uri.getPort() > 0 ? uri.getPort() : target.secure() ? CoAP.DEFAULT_COAP_SECURE_PORT : CoAP.DEFAULT_COAP_PORT;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        if (address.isUnresolved()) {
            throw new FleetException("cannot resolve the host of " + uri);
        }
        CoapEndpoints endpoints = CoapEndpoints.start(target);
        CoapSink sink = new CoapSink(target, config.format(), address, endpoints);
        try {
            CoapProbe.ping(target, endpoints.endpoints(), sink.destination, config.connectTimeout());
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        log.info("sending to {} from {} device(s) ({}, {} in flight per device)", uri, target.devices(),
                target.confirmable() ? "CON" : "NON", target.inFlightPerDevice());
        return sink;
    }

    @Override
    public int maxInFlight() {
        return target.maxInFlight();
    }

    /** A snapshot of the counters; any thread. */
    CoapOutcomes outcomes() {
        return counters.snapshot();
    }

    @Override
    public void publish(SimMessage message, int qos, Outcome outcome) {
        Device device = freeDevice();
        if (device == null || closed) {
            if (device != null) {
                device.window().release();
            }
            outcome.failed(message, new FleetException(closed ? "the CoAP sender is closed"
                    : "no device has room (more messages handed over than the devices' windows)"));
            return;
        }
        send(new Attempt(message, outcome, device, 0));
    }

    /** Publisher thread: the next device in round-robin order with a free permit, which it takes. */
    private Device freeDevice() {
        for (int i = 0; i < devices.size(); i++) {
            Device device = devices.get(nextDevice);
            nextDevice = (nextDevice + 1) % devices.size();
            if (device.window().tryAcquire()) {
                return device;
            }
        }
        return null;
    }

    /** Publisher or retry thread. */
    private void send(Attempt attempt) {
        SimMessage message = attempt.message;
        Request request = Request.newPost();
        request.setConfirmable(target.confirmable());
        request.setDestinationContext(destination);
        request.getOptions().setUriPath(path(message)).setContentFormat(contentFormat);
        request.setPayload(message.payload());
        request.addMessageObserver(attempt);
        attempt.request = request;
        open.add(attempt);
        if (closed) {
            attempt.fail(new FleetException("the CoAP sender is closed"));
            return;
        }
        try {
            attempt.timeout = scheduler.schedule(attempt::timedOut, target.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            attempt.fail(new FleetException("the CoAP sender is closed"));
            return;
        }
        attempt.device.endpoint().sendRequest(request);
    }

    /** {@code lines/L1/sensors/feed} or {@code lines/L1}. */
    static String path(SimMessage message) {
        return message.perSensor() ? "lines/" + message.lineId() + "/sensors/" + message.sensorId()
                : "lines/" + message.lineId();
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (Attempt attempt : List.copyOf(open)) {
            attempt.fail(new FleetException("the fleet closed before " + target.uri() + " answered"));
        }
        endpoints.close();
        try {
            scheduler.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One simulated device: its endpoint and its window. */
    private record Device(Endpoint endpoint, Semaphore window) {
    }

    /**
     * One sending of a message. Californium calls its observer methods on its own threads; the
     * first terminal event wins, later ones are ignored, so the message ends exactly once.
     */
    private final class Attempt extends MessageObserverAdapter {

        private final SimMessage message;
        private final Outcome outcome;
        private final Device device;
        private final int retry;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Request request;
        private volatile ScheduledFuture<?> timeout;

        Attempt(SimMessage message, Outcome outcome, Device device, int retry) {
            this.message = message;
            this.outcome = outcome;
            this.device = device;
            this.retry = retry;
        }

        @Override
        public void onResponse(Response response) {
            if (!end()) {
                return;
            }
            try {
                CoAP.ResponseCode code = response.getCode();
                counters.answered(CoapFailure.code(code));
                if (code.isSuccess()) {
                    device.window().release();
                    outcome.delivered(message);
                } else if (code == CoAP.ResponseCode.SERVICE_UNAVAILABLE && retry < target.maxRetries() && !closed) {
                    Long maxAge = response.getOptions().getMaxAge();
                    retryAfter(maxAge == null ? RFC_DEFAULT_MAX_AGE_SECONDS : maxAge);
                } else {
                    finish(CoapFailure.answered(code, target.uri() + "/" + path(message), response.getPayload()));
                }
            } catch (RuntimeException e) {
                log.error("handling the answer for {} failed", path(message), e);
            }
        }

        @Override
        public void onReject() {
            if (end()) {
                counters.answered("RST");
                finish(new CoapFailure("reset (RST) from " + target.uri() + "/" + path(message), null));
            }
        }

        @Override
        public void onTimeout() {
            timedOut();
        }

        @Override
        public void onSent(boolean retransmission) {
            if (!retransmission) {
                counters.sent();
            }
        }

        @Override
        public void onSendError(Throwable error) {
            if (!end()) {
                return;
            }
            if (CoapFailure.isMessageIdsExhausted(error) && !closed) {
                counters.waitedForMessageId();
                resendAfter(MESSAGE_ID_WAIT_MS, TimeUnit.MILLISECONDS, retry);
            } else if (CoapFailure.isHandshakeFailure(error)) {
                counters.handshakeFailed();
                finish(new CoapFailure("DTLS handshake with " + target.uri() + " failed: " + PahoSink.describe(error), error));
            } else {
                counters.failedToSend();
                finish(new CoapFailure("cannot send to " + target.uri() + ": " + PahoSink.describe(error), error));
            }
        }

        @Override
        public void onCancel() {
            fail(new FleetException("request to " + target.uri() + "/" + path(message) + " cancelled"));
        }

        /** Californium's timeout (CON retransmissions exhausted) or ours (retry thread). */
        void timedOut() {
            if (end()) {
                counters.timedOut();
                Request sent = request;
                if (sent != null) {
                    sent.cancel();
                }
                finish(new CoapFailure("no answer from " + target.uri() + "/" + path(message) + " within "
                        + DurationText.format(target.requestTimeout()), null));
            }
        }

        /** Fails the message unless it ended already; any thread. */
        void fail(Throwable cause) {
            if (end()) {
                Request sent = request;
                if (sent != null && !sent.isCanceled()) {
                    sent.cancel();
                }
                finish(cause);
            }
        }

        private boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            open.remove(this);
            ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            return true;
        }

        private void finish(Throwable cause) {
            device.window().release();
            outcome.failed(message, cause);
        }

        private void retryAfter(long seconds) {
            counters.retried();
            log.debug("5.03 for {}; retry {} in {} s", path(message), retry + 1, seconds);
            resendAfter(Math.max(0, seconds), TimeUnit.SECONDS, retry + 1);
        }

        /** Keeps the device's permit: the message is still in flight while it waits. */
        private void resendAfter(long delay, TimeUnit unit, int retries) {
            Attempt next = new Attempt(message, outcome, device, retries);
            open.add(next);
            try {
                scheduler.schedule(() -> {
                    open.remove(next);
                    send(next);
                }, delay, unit);
            } catch (RejectedExecutionException e) {
                next.fail(new FleetException("the fleet closed while waiting to send again"));
            }
        }
    }
}
