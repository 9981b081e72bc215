package io.linegate.gateway.config;

import java.util.Locale;

/** Model kinds a line can use (DESIGN §3.3). */
public enum ModelKind {
    /** Exact incremental least squares. */
    OLS;

    /** The name as written in config and published ({@code "ols"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ModelKind byId(String id) {
        for (ModelKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }
}
