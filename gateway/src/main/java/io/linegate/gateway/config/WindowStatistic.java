package io.linegate.gateway.config;

import java.util.Locale;

/** How a window's readings of one sensor become that window's value. Default {@link #MEAN}. */
public enum WindowStatistic {
    MEAN, MIN, MAX, LAST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WindowStatistic byId(String id) {
        for (WindowStatistic s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}
