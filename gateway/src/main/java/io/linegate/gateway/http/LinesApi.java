package io.linegate.gateway.http;

import io.linegate.gateway.observe.DeadLetterLog;
import io.linegate.gateway.observe.LineBoard;
import io.linegate.gateway.observe.LineSnapshot;
import io.linegate.gateway.observe.PredictionPoint;
import io.linegate.gateway.observe.WhatIf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JSON API over the lines: {@code /api/lines}, {@code /api/lines/{line}},
 * {@code /api/lines/{line}/predict} and {@code /api/deadletters}. Reads only the immutable
 * snapshots the line workers publish; a what-if goes to the line's worker and comes back as a
 * future. Called on event loop threads; never blocks. Stateless apart from what it was given.
 */
final class LinesApi {

    static final int DEFAULT_LAST = 120;

    private final OperatorApi api;

    LinesApi(OperatorApi api) {
        this.api = api;
    }

    /** {@code {"lines":[overview...]}}. */
    FullHttpResponse lines(HttpVersion version) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (LineSnapshot s : api.board().lines()) {
            lines.add(overview(s));
        }
        return json(version, Map.of("lines", lines));
    }

    /** One line's model summary and its last {@code ?last=} windows; 404 unknown, 400 bad {@code last}. */
    FullHttpResponse line(HttpVersion version, String lineId, Map<String, List<String>> params) {
        Optional<LineSnapshot> found = api.board().line(lineId);
        if (found.isEmpty()) {
            return Responses.error(version, HttpResponseStatus.NOT_FOUND, "no line " + lineId);
        }
        int last = DEFAULT_LAST;
        List<String> lastParam = params.get("last");
        if (lastParam != null) {
            try {
                last = Integer.parseInt(lastParam.get(0));
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 1 || last > LineBoard.RECENT || lastParam.size() > 1) {
                return Responses.error(version, HttpResponseStatus.BAD_REQUEST,
                        "parameter 'last' must be an integer between 1 and " + LineBoard.RECENT);
            }
        }
        LineSnapshot s = found.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", s.line());
        body.put("target", s.target());
        body.put("features", s.features());
        body.put("updatedAtMs", s.updatedAtMs());
        body.put("model", s.model());
        body.put("counters", s.counters());
        body.put("predictions", s.last(last));
        return json(version, body);
    }

    /**
     * What the line's model predicts for the features in {@code params} (each by its name, all
     * required, nothing else), asked on the line's worker. 400 names the bad parameter, 404 an
     * unknown line, 409 a model that cannot predict yet, 503 a worker that is saturated or too slow.
     */
    CompletableFuture<FullHttpResponse> predict(HttpVersion version, String lineId, Map<String, List<String>> params,
                                                EventExecutor timer) {
        Optional<LineSnapshot> found = api.board().line(lineId);
        if (found.isEmpty()) {
            return done(Responses.error(version, HttpResponseStatus.NOT_FOUND, "no line " + lineId));
        }
        List<String> features = found.get().features();
        for (String name : params.keySet()) {
            if (!features.contains(name)) {
                return done(Responses.error(version, HttpResponseStatus.BAD_REQUEST, "unknown parameter '" + name
                        + "': the features of " + lineId + " are " + String.join(", ", features)));
            }
        }
        double[] values = new double[features.size()];
        Map<String, Double> asked = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String name = features.get(i);
            List<String> given = params.get(name);
            if (given == null || given.isEmpty()) {
                return done(Responses.error(version, HttpResponseStatus.BAD_REQUEST, "missing parameter '" + name
                        + "'"));
            }
            try {
                values[i] = given.size() == 1 ? Double.parseDouble(given.get(0).strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                values[i] = Double.NaN;
            }
            if (!Double.isFinite(values[i])) {
                return done(Responses.error(version, HttpResponseStatus.BAD_REQUEST, "parameter '" + name
                        + "' must be one finite number"));
            }
            asked.put(name, values[i]);
        }
        CompletableFuture<Optional<WhatIf.Answer>> answer;
        try {
            answer = api.whatIf().whatIf(lineId, values);
        } catch (RejectedExecutionException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Optional<WhatIf.Answer>> bounded = answer;
        var timeout = timer.schedule(() -> bounded.completeExceptionally(new TimeoutException()),
                api.predictTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return answer.handle((result, failure) -> {
            timeout.cancel(false);
            return failure == null ? answered(version, lineId, asked, result) : failed(version, lineId, failure);
        });
    }

    private static FullHttpResponse answered(HttpVersion version, String lineId, Map<String, Double> asked,
                                             Optional<WhatIf.Answer> result) {
        if (result.isEmpty()) {
            return Responses.error(version, HttpResponseStatus.CONFLICT, "the model of " + lineId
                    + " cannot predict yet (too few windows, or a coefficient not identified)");
        }
        WhatIf.Answer a = result.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("line", lineId);
        body.put("features", asked);
        body.put("predicted", a.value());
        body.put("lower", a.lower());
        body.put("upper", a.upper());
        body.put("level", a.level());
        body.put("observations", a.observations());
        return json(version, body);
    }

    private static FullHttpResponse failed(HttpVersion version, String lineId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof NoSuchElementException) {
            return Responses.error(version, HttpResponseStatus.NOT_FOUND, "no line " + lineId);
        }
        FullHttpResponse busy = Responses.error(version, HttpResponseStatus.SERVICE_UNAVAILABLE,
                cause instanceof TimeoutException ? "the line's worker did not answer in time"
                        : cause instanceof RejectedExecutionException ? "the line's worker is saturated"
                        : "the what-if failed");
        busy.headers().set("Retry-After", "1");
        return busy;
    }

    /** {@code {"total":n,"deadLetters":[entry...]}}, newest first. */
    FullHttpResponse deadLetters(HttpVersion version) {
        List<DeadLetterLog.Entry> recent = new ArrayList<>(api.deadLetters().recent());
        java.util.Collections.reverse(recent);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", api.deadLetters().total());
        body.put("deadLetters", recent);
        return json(version, body);
    }

    /** A line as {@code /api/lines} lists it (and the {@code model} event carries it). */
    static Map<String, Object> overview(LineSnapshot s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", s.line());
        line.put("target", s.target());
        line.put("features", s.features());
        line.put("modelKind", s.model().kind());
        line.put("windowsLearned", s.model().observations());
        line.put("identified", s.model().identified());
        line.put("rSquared", s.model().rSquared());
        PredictionPoint last = s.last();
        line.put("last", last);
        line.put("anomaly", last != null && last.anomaly());
        LineSnapshot.DriftView drift = s.model().drift();
        line.put("drift", drift == null ? null : new DriftBrief(drift.method(), drift.alarms(), drift.lastAlarmSeq(),
                drift.reactingWindows() > 0));
        line.put("counters", s.counters());
        line.put("updatedAtMs", s.updatedAtMs());
        return line;
    }

    private static FullHttpResponse json(HttpVersion version, Object body) {
        return Responses.response(version, HttpResponseStatus.OK, Responses.JSON, Json.write(body));
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /** A line's drift state in the lines overview; a record, so its JSON fields keep this order. */
    private record DriftBrief(String method, long alarms, long lastAlarmSeq, boolean reacting) {
    }
}
