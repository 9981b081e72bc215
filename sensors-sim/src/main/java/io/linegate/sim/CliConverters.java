package io.linegate.sim;

import java.time.Duration;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The picocli converters the simulator's commands share ({@code fleet}, {@code bench}). */
public final class CliConverters {

    private CliConverters() {
    }

    /** Converts {@code --format} values, case-insensitively. */
    public static final class FormatConverter implements ITypeConverter<PayloadFormat> {
        @Override
        public PayloadFormat convert(String value) {
            try {
                return PayloadFormat.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The format names shown in help. */
    public static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PayloadFormat.cliNames().iterator();
        }
    }

    /** Converts {@code --protocol} values, case-insensitively. */
    public static final class ProtocolConverter implements ITypeConverter<FleetProtocol> {
        @Override
        public FleetProtocol convert(String value) {
            try {
                return FleetProtocol.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts durations such as {@code 30s}, {@code 5m}, {@code 500ms}, {@code 0}. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
