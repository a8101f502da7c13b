package dev.pinion.runtime.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human forms of durations and sizes that Pinion accepts everywhere (config file and command line), so that
 * {@code 10s} or {@code 64MiB} mean the same thing in both. Errors are {@link IllegalArgumentException}s whose
 * message says what was expected; callers add where the value came from.
 */
public final class Units {
    private Units() {}

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /**
     * {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT10S}).
     * A bare number is refused: whether it means seconds or milliseconds is exactly what operators get wrong.
     */
    public static Duration duration(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double unitNanos = switch (m.group(2)) {
                case "ns" -> 1;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86_400e9;
            };
            return Duration.ofNanos((long) Math.min(n * unitNanos, Long.MAX_VALUE));
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s or 2m, found \"" + text + "\"");
        }
    }

    /** Bytes with an optional unit: {@code 65536}, {@code 64K}, {@code 16MiB}, {@code 1G} (units are binary). */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 64MiB, 512K or 65536, found \"" + text + "\"");
        }
        long unit = switch (m.group(2)) {
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large");
        }
    }
}
