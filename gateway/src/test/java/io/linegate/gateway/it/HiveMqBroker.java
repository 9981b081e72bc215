package io.linegate.gateway.it;

import io.linegate.gateway.app.EmbeddedBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One HiveMQ CE embedded broker per test class (it takes ~3 s to start and ~4 s to stop):
 * register as a {@code static} {@code @RegisterExtension} field.
 */
final class HiveMqBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = TestBrokers.hivemq();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    String uri() {
        return broker.uri();
    }
}
