package dev.pinion.cli;

import dev.pinion.engine.Memory;
import dev.pinion.wasi.Preopen;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for {@code pinion run}'s option values; picocli reports their errors naming the option (exit 2). */
final class RunOptions {
    private RunOptions() {}

    /** {@code HOST[::GUEST]}; the host directory must exist. */
    static final class Dir implements ITypeConverter<Preopen> {
        @Override
        public Preopen convert(String value) {
            return preopen(value, false);
        }
    }

    /** Like {@link Dir}, read-only. */
    static final class ReadOnlyDir implements ITypeConverter<Preopen> {
        @Override
        public Preopen convert(String value) {
            return preopen(value, true);
        }
    }

    private static Preopen preopen(String value, boolean readOnly) {
        Preopen p;
        try {
            p = Preopen.parse(value, readOnly);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (!Files.isDirectory(p.hostDir())) {
            throw new TypeConversionException("'" + p.hostDir() + "' is not an existing directory");
        }
        return p;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)");

    /** {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
    static final class TimeoutConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = DURATION.matcher(v);
            Duration d;
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                double unitNanos = switch (m.group(2)) {
                    case "ns" -> 1;
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    default -> 3600e9;
                };
                d = Duration.ofNanos((long) Math.min(n * unitNanos, Long.MAX_VALUE));
            } else {
                try {
                    d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
                }
            }
            if (d.isZero() || d.isNegative()) throw new TypeConversionException("'" + value + "' must be positive");
            return d;
        }
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /** Bytes with an optional binary unit ({@code 65536}, {@code 64K}, {@code 16MiB}, {@code 1G}); to pages. */
    static final class MemorySizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new TypeConversionException("'" + value + "' is not a size (e.g. 64MiB, 1G, 65536)");
            long unit = switch (m.group(2)) {
                case "k", "kb", "kib" -> 1L << 10;
                case "m", "mb", "mib" -> 1L << 20;
                case "g", "gb", "gib" -> 1L << 30;
                default -> 1;
            };
            long bytes;
            try {
                bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            long pages = bytes / Memory.PAGE_SIZE;
            if (pages > 65_536) throw new TypeConversionException("'" + value + "' exceeds the 4 GiB of a 32-bit memory");
            return (int) pages;
        }
    }
}
