package io.linegate.gateway.config;

/** Model kinds a line can use (DESIGN §3.3). */
public enum ModelKind {
    /** Exact incremental least squares. */
    OLS,
    /** Recursive least squares with a forgetting factor, for lines that drift. */
    RLS;

    /** The name as written in config and published ({@code "ols"}). */
    public String id() {
        return ConfigNode.spelling(this);
    }
}
