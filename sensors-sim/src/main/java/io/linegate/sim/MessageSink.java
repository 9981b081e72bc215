package io.linegate.sim;

/**
 * Where a {@link Fleet} hands its messages: the Paho client in production
 * ({@link PahoSink}), an in-memory recorder in tests.
 */
interface MessageSink {

    /** Most unfinished publishes the sink accepts at once (e.g. the broker's Receive Maximum). */
    int maxInFlight();

    /**
     * Hands {@code message} over. Exactly one of {@code outcome}'s methods is called for it
     * later, on any thread, or before this method returns. Never throws.
     */
    void publish(SimMessage message, int qos, Outcome outcome);

    /** Disconnects and releases every thread of the sink. Idempotent. */
    void close();

    /** Outcome of one publish. Implementations must be quick and must not throw. */
    interface Outcome {

        /** Acknowledged by the broker (QoS 1) or written to the connection (QoS 0). */
        void delivered(SimMessage message);

        void failed(SimMessage message, Throwable cause);
    }

    /** Connection events. Implementations must be quick and must not throw. */
    interface ConnectionListener {

        void connectionLost(Throwable cause);

        void reconnected();
    }
}
