package dev.pinion.runtime.metrics;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and {@code # TYPE} per
 * family, then its samples. Small enough to own rather than pull in the Prometheus client (see RATIONALE.md).
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> declared = new HashSet<>();

    /** Declares a family once; later calls with the same name do nothing. */
    public PrometheusText family(String name, String type, String help) {
        if (declared.add(name)) {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    /** One sample; {@code labels} alternate names and values. */
    public PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) out.append(',');
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A histogram's buckets, sum and count, with {@code labels} on every sample. */
    public PrometheusText histogram(String name, Histogram h, String... labels) {
        double[] bounds = h.bounds();
        long[] cumulative = h.cumulative();
        String[] withLe = new String[labels.length + 2];
        System.arraycopy(labels, 0, withLe, 0, labels.length);
        withLe[labels.length] = "le";
        for (int i = 0; i < bounds.length; i++) {
            withLe[labels.length + 1] = number(bounds[i]);
            sample(name + "_bucket", cumulative[i], withLe);
        }
        withLe[labels.length + 1] = "+Inf";
        sample(name + "_bucket", cumulative[bounds.length], withLe);
        sample(name + "_sum", h.sumSeconds(), labels);
        sample(name + "_count", cumulative[bounds.length], labels);
        return this;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
