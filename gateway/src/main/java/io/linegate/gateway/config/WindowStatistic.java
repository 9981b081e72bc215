package io.linegate.gateway.config;

/** How a window's readings of one sensor become that window's value. Default {@link #MEAN}. */
public enum WindowStatistic {
    MEAN, MIN, MAX, LAST;

    public String id() {
        return ConfigNode.spelling(this);
    }
}
