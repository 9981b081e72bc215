package io.linegate.gateway.pipeline;

import io.linegate.gateway.config.LineConfig;
import io.linegate.gateway.model.LineModel;
import io.linegate.gateway.model.OlsModel;
import io.linegate.gateway.model.RlsModel;

/** The models lines use, chosen by {@code lines.<line>.model.kind}. */
public final class LineModels {

    /** Creates and restores models by their configured kind. */
    public static final LineModelFactory BY_KIND = new LineModelFactory() {
        @Override
        public LineModel create(LineConfig line) {
            return switch (line.model().kind()) {
                case OLS -> new OlsModel(line.features(), line.model().intercept(), line.model().intervalLevel(),
                        line.model().minObservations());
                case RLS -> new RlsModel(line.features(), line.model().intercept(), line.model().intervalLevel(),
                        line.model().minObservations(), line.model().forgetting());
            };
        }

        @Override
        public LineModel restore(LineConfig line, byte[] checkpoint) {
            return switch (line.model().kind()) {
                case OLS -> OlsModel.restore(line.features(), line.model().intercept(), line.model().intervalLevel(),
                        line.model().minObservations(), checkpoint);
                case RLS -> RlsModel.restore(line.features(), line.model().intercept(), line.model().intervalLevel(),
                        line.model().minObservations(), line.model().forgetting(), checkpoint);
            };
        }
    };

    private LineModels() {
    }
}
