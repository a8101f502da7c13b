package dev.pinion.runtime.config;

/**
 * A configuration file that cannot be used: unreadable, not YAML, or a key that is unknown, missing, of the wrong
 * type or out of range. The message names the file, the line and the key path, e.g.
 * {@code /etc/pinion/pinion.yaml:12: broker.keepalive: expected a duration such as 30s, found "soon"}, so an
 * operator can fix it without reading Pinion's source. The daemon refuses to start on one.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final int line;
    private final String key;
    private final String problem;

    /**
     * @param source the file (or other source) name
     * @param line 1-based line, 0 when unknown
     * @param key the dotted key path ({@code broker.tls.ca_file}, {@code modules[2].path}); empty for the whole file
     * @param problem what is wrong, in words
     */
    public ConfigException(String source, int line, String key, String problem) {
        super(format(source, line, key, problem));
        this.source = source;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String source, int line, String key, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (!key.isEmpty()) b.append(key).append(": ");
        return b.append(problem).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line of the offending key or value; 0 when the problem has no single place. */
    public int line() {
        return line;
    }

    /** Dotted path of the key ({@code broker.url}, {@code modules[0].limits.fuel}). */
    public String key() {
        return key;
    }

    /** The problem alone, without file, line and key. */
    public String problem() {
        return problem;
    }
}
