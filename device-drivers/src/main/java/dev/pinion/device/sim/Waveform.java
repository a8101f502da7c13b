package dev.pinion.device.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a simulated sensor reads over time, measured from when the simulated board started. */
public sealed interface Waveform {
    /** The value {@code elapsedNanos} after the board started. */
    double valueAt(long elapsedNanos);

    /** Always the same value. */
    record Constant(double value) implements Waveform {
        @Override public double valueAt(long elapsedNanos) { return value; }

        @Override public String toString() { return "constant " + value; }
    }

    /** A sine between {@code min} and {@code max}, starting at the midpoint and rising. */
    record Sine(double min, double max, Duration period) implements Waveform {
        public Sine {
            if (!(max >= min)) throw new IllegalArgumentException("sine max " + max + " is below min " + min);
            if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("sine period must be positive");
        }

        @Override
        public double valueAt(long elapsedNanos) {
            double phase = 2 * Math.PI * (double) (elapsedNanos % period.toNanos()) / period.toNanos();
            return (min + max) / 2 + (max - min) / 2 * Math.sin(phase);
        }

        @Override public String toString() { return "sine " + min + ".." + max + " every " + period; }
    }

    /**
     * A recorded trace: {@code (seconds, value)} samples with strictly increasing times starting at 0, linearly
     * interpolated, repeating after the last sample's time.
     */
    record Trace(double[] seconds, double[] values, String source) implements Waveform {
        public Trace {
            if (seconds.length == 0 || seconds.length != values.length)
                throw new IllegalArgumentException("a trace needs at least one (seconds, value) sample");
            seconds = seconds.clone();
            values = values.clone();
        }

        @Override
        public double valueAt(long elapsedNanos) {
            int n = seconds.length;
            if (n == 1 || seconds[n - 1] <= 0) return values[0];
            double t = (elapsedNanos / 1e9) % seconds[n - 1];
            int i = java.util.Arrays.binarySearch(seconds, t);
            if (i >= 0) return values[i];
            int hi = -i - 1; // first sample after t; hi >= 1 because seconds[0] == 0 <= t
            double f = (t - seconds[hi - 1]) / (seconds[hi] - seconds[hi - 1]);
            return values[hi - 1] + f * (values[hi] - values[hi - 1]);
        }

        @Override public String toString() { return "trace " + source + " (" + seconds.length + " samples)"; }
    }

    /**
     * Reads a CSV trace: one {@code seconds,value} row per line; blank lines, {@code #} comments and one header
     * line are skipped. Errors name the file and line.
     */
    static Trace csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> rows = new ArrayList<>();
        boolean headerAllowed = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cols = line.split("\\s*[,;]\\s*");
            double[] row;
            try {
                if (cols.length != 2) throw new NumberFormatException();
                row = new double[] {Double.parseDouble(cols[0]), Double.parseDouble(cols[1])};
            } catch (NumberFormatException e) {
                if (headerAllowed) {
                    headerAllowed = false;
                    continue;
                }
                throw new IOException(file + ":" + (i + 1) + ": expected 'seconds,value', got '" + line + "'");
            }
            headerAllowed = false;
            if (!Double.isFinite(row[0]) || !Double.isFinite(row[1]))
                throw new IOException(file + ":" + (i + 1) + ": not a finite number: '" + line + "'");
            if (rows.isEmpty() && row[0] != 0)
                throw new IOException(file + ":" + (i + 1) + ": the first sample must be at 0 seconds");
            if (!rows.isEmpty() && row[0] <= rows.getLast()[0])
                throw new IOException(file + ":" + (i + 1) + ": times must increase (" + row[0] + " after "
                        + rows.getLast()[0] + ")");
            rows.add(row);
        }
        if (rows.isEmpty()) throw new IOException(file + ": no samples (expected 'seconds,value' lines)");
        double[] t = new double[rows.size()], v = new double[rows.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = rows.get(i)[0];
            v[i] = rows.get(i)[1];
        }
        return new Trace(t, v, file.toString());
    }
}
