package dev.pinion.runtime.mqtt.internal;

/**
 * MQTT topic filter matching (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7), including the rules brokers apply:
 * {@code +} matches one level, a trailing {@code #} matches the parent and everything below, wildcards at the
 * first level never match topics that start with {@code $}. A shared subscription
 * ({@code $share/<group>/<filter>}) matches what its inner filter matches.
 */
public final class TopicFilter {
    private TopicFilter() {}

    /** The filter without a {@code $share/<group>/} prefix. */
    public static String innerFilter(String filter) {
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            if (slash > 0) return filter.substring(slash + 1);
        }
        return filter;
    }

    /** True for a {@code $share/<group>/<filter>} filter. */
    public static boolean isShared(String filter) {
        return filter.startsWith("$share/");
    }

    /**
     * Checks a filter's syntax.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(String filter) {
        if (filter == null || filter.isEmpty()) throw new IllegalArgumentException("empty topic filter");
        if (isShared(filter)) {
            int slash = filter.indexOf('/', "$share/".length());
            if (slash <= "$share/".length() || slash == filter.length() - 1) {
                throw new IllegalArgumentException("shared subscription must be $share/<group>/<filter>: '"
                        + filter + "'");
            }
            String group = filter.substring("$share/".length(), slash);
            if (group.contains("+") || group.contains("#")) {
                throw new IllegalArgumentException("shared subscription group must not contain wildcards: '"
                        + filter + "'");
            }
        }
        String inner = innerFilter(filter);
        String[] levels = inner.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole last level in topic filter '" + filter + "'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level in topic filter '" + filter + "'");
            }
        }
        if (filter.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in topic filter '" + filter + "'");
    }

    /** Whether {@code topic} (a topic name) matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String f = innerFilter(filter);
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) return false;
        int fi = 0;
        int ti = 0;
        int fl = f.length();
        int tl = topic.length();
        while (true) {
            int fEnd = f.indexOf('/', fi);
            if (fEnd < 0) fEnd = fl;
            String level = f.substring(fi, fEnd);
            if (level.equals("#")) return true;
            if (ti > tl) return false; // topic ran out of levels
            int tEnd = topic.indexOf('/', ti);
            if (tEnd < 0) tEnd = tl;
            if (!level.equals("+") && !level.equals(topic.substring(ti, tEnd))) return false;
            boolean fDone = fEnd == fl;
            boolean tDone = tEnd == tl;
            if (fDone && tDone) return true;
            if (fDone) return false;
            if (tDone) {
                // topic "a" matches filter "a/#"
                return f.substring(fEnd + 1).equals("#");
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
    }
}
