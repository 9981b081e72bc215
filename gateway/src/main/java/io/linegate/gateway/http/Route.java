package io.linegate.gateway.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints of the operator surface, and {@code OTHER} for every path that is none of them.
 * Line ids in paths must match {@code [A-Za-z0-9_.-]{1,64}}; anything else is {@code OTHER}.
 */
enum Route {
    HEALTHZ("healthz"), READYZ("readyz"), METRICS("metrics"), API_LINES("api/lines"),
    API_LINE("api/lines/{line}"), API_PREDICT("api/lines/{line}/predict"), API_DEADLETTERS("api/deadletters"),
    API_EVENTS("api/events"), STATIC("static"), OTHER("other");

    private static final Pattern LINE = Pattern.compile("/api/lines/([A-Za-z0-9_.-]{1,64})(/predict)?");
    private final String tag;

    Route(String tag) {
        this.tag = tag;
    }

    static Route of(String path, StaticAssets assets) {
        switch (path) {
            case "/healthz":
                return HEALTHZ;
            case "/readyz":
                return READYZ;
            case "/metrics":
                return METRICS;
            case "/api/lines":
                return API_LINES;
            case "/api/deadletters":
                return API_DEADLETTERS;
            case "/api/events":
                return API_EVENTS;
            default:
                break;
        }
        Matcher m = LINE.matcher(path);
        if (m.matches()) {
            return m.group(2) == null ? API_LINE : API_PREDICT;
        }
        return assets.get(path).isPresent() ? STATIC : OTHER;
    }

    /** The line id of an {@link #API_LINE} or {@link #API_PREDICT} path. */
    static String lineOf(String path) {
        Matcher m = LINE.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a line path: " + path);
        }
        return m.group(1);
    }

    /** Whether the bearer token is checked: on all but the liveness and readiness probes. */
    boolean guarded() {
        return this != HEALTHZ && this != READYZ;
    }

    /** The {@code endpoint} tag of {@code linegate.http.requests}. */
    String tag() {
        return tag;
    }
}
