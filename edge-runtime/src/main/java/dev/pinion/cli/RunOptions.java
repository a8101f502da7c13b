package dev.pinion.cli;

import dev.pinion.engine.Memory;
import dev.pinion.wasi.Preopen;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pinion run}'s option values. Each throws IllegalArgumentException saying what is wrong with the value;
 * {@link RunArguments} puts the option's name in front. Plain Java, no picocli: a run line is parsed without it.
 */
final class RunOptions {
    private RunOptions() {}

    /** {@code HOST[::GUEST]}; the host directory must exist. */
    static Preopen preopen(String value, boolean readOnly) {
        Preopen p = Preopen.parse(value, readOnly);
        if (!Files.isDirectory(p.hostDir())) {
            throw new IllegalArgumentException("'" + p.hostDir() + "' is not an existing directory");
        }
        return p;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)?");

    /**
     * {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT10S}), or a bare number
     * of seconds, as wasmtime reads {@code --timeout 10} and {@code -W timeout=10}.
     */
    static Duration timeout(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        Duration d;
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double unitNanos = switch (unit) {
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
                throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
            }
        }
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("'" + value + "' must be positive");
        return d;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /** Bytes with an optional binary unit ({@code 65536}, {@code 64K}, {@code 16MiB}, {@code 1G}); to pages. */
    static int memoryPages(String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("'" + value + "' is not a size (e.g. 64MiB, 1G, 65536)");
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
            throw new IllegalArgumentException("'" + value + "' is too large");
        }
        long pages = bytes / Memory.PAGE_SIZE;
        if (pages > 65_536) throw new IllegalArgumentException("'" + value + "' exceeds the 4 GiB of a 32-bit memory");
        return (int) pages;
    }
}
