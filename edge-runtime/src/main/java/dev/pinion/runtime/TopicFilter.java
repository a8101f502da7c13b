package dev.pinion.runtime;

/**
 * MQTT topic filter arithmetic for the policy checks: does a filter match a topic, and does one filter cover
 * every topic another one can match. A shared subscription ({@code $share/group/filter}) is judged by its filter.
 */
public final class TopicFilter {
    private TopicFilter() {}

    /** The filter without a {@code $share/<group>/} prefix. */
    public static String unshared(String filter) {
        if (!filter.startsWith("$share/")) return filter;
        int slash = filter.indexOf('/', "$share/".length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }

    /** Null when {@code filter} is a valid MQTT topic filter, else what is wrong with it. */
    public static String problem(String filter) {
        String f = unshared(filter);
        if (filter.startsWith("$share/") && f.equals(filter)) return "a shared subscription needs $share/<group>/<filter>";
        if (f.isEmpty()) return "a topic filter cannot be empty";
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#") && i != levels.length - 1) return "'#' must be the last level";
            if (l.length() > 1 && (l.contains("#") || l.contains("+"))) return "'+' and '#' must fill a whole level";
        }
        return null;
    }

    /** Null when {@code topic} is a valid topic to publish to (no wildcards, not empty). */
    public static String topicProblem(String topic) {
        if (topic.isEmpty()) return "a topic cannot be empty";
        if (topic.contains("+") || topic.contains("#")) return "a topic to publish to cannot contain '+' or '#'";
        if (topic.indexOf('\0') >= 0) return "a topic cannot contain NUL";
        return null;
    }

    /** True when {@code topic} (no wildcards) matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        return covers(filter, topic);
    }

    /** True when every topic {@code inner} can match is matched by {@code outer}. */
    public static boolean covers(String outer, String inner) {
        String[] o = unshared(outer).split("/", -1);
        String[] in = unshared(inner).split("/", -1);
        // topics starting with '$' are not matched by a leading wildcard (MQTT 4.7.2)
        if (in[0].startsWith("$") && (o[0].equals("+") || o[0].equals("#"))) return false;
        for (int i = 0; i < o.length; i++) {
            if (o[i].equals("#")) return true;
            if (i >= in.length) return false;
            if (in[i].equals("#")) return false;
            if (o[i].equals("+")) continue;
            if (!o[i].equals(in[i])) return false;
        }
        return o.length == in.length;
    }
}
