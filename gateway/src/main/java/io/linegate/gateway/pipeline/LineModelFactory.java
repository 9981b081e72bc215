package io.linegate.gateway.pipeline;

import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.model.LineModel;

/** Creates a line's model from its settings, or restores one from a checkpoint. Called on line workers. */
@FunctionalInterface
public interface LineModelFactory {

    LineModel create(LineConfig config);

    /**
     * Restores a model from {@link LineModel#checkpoint()} bytes.
     *
     * @throws RuntimeException when the bytes do not fit {@code config} (then the line starts afresh)
     */
    default LineModel restore(LineConfig config, byte[] checkpoint) {
        throw new UnsupportedOperationException("this factory cannot restore models");
    }
}
