package dev.pinion.runtime.logging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Configures tinylog once, before the first log line, for a process that runs under systemd or in a terminal:
 * one console writer, no timestamp (journald stamps every line itself), level and tag first so
 * {@code journalctl -u pinion | grep WARN} works. The CLI writes logs to stderr so a command's own output on
 * stdout stays clean for pipes; the daemon may choose stdout.
 */
public final class LogSetup {
    /** The levels {@code --log-level} accepts, most severe first. */
    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE;

        /** tinylog's name for the level. */
        String tinylogName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The line layout: {@code LEVEL tag: message}, the level padded so messages line up. */
    public static final String FORMAT = "{level|min-size=5} {tag}: {message}";

    // A configuration recorded by configureOnFirstUse and not yet handed to tinylog (null: none pending).
    // Until anything configures logging, the default (WARN, stderr) is pending: a log call made before the CLI
    // parsed --log-level (e.g. the JDK's DEBUG line for System.exit on a usage error) obeys it and does not
    // load tinylog in its own default mode (trace, with timestamps).
    private static volatile Level deferredLevel = Level.WARN;
    private static volatile boolean deferredToStderr = true;

    private LogSetup() {}

    /**
     * Route all logging to the console at {@code level} and above.
     *
     * @param toStderr true for the CLI (stdout is the command's output), false for the daemon
     * @return false if tinylog was already in use (its configuration is then frozen and stays as it was;
     *         this happens in tests that run several command lines in one JVM)
     */
    public static boolean configure(Level level, boolean toStderr) {
        deferredLevel = null; // an explicit configuration replaces a deferred one
        if (Configuration.isFrozen()) return false;
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("writer", "console");
        cfg.put("writer.level", level.tinylogName());
        cfg.put("writer.format", FORMAT);
        cfg.put("writer.stream", toStderr ? "err" : "out");
        // Synchronous writing: a CLI exits right after its last line, and a background writer thread would
        // need a shutdown hook to flush.
        cfg.put("writingthread", "false");
        Configuration.replace(cfg);
        return true;
    }

    /**
     * Like {@link #configure}, but tinylog is loaded and configured only when the first line at {@code level} or
     * above is logged; until then loggers answer "not loggable" below {@code level} without touching it. For
     * {@code pinion run}, whose usual run logs nothing: loading tinylog would cost it a good part of its start-up
     * time (and {@code System.exit} always asks the JDK's {@code java.lang.Runtime} logger about DEBUG).
     */
    public static void configureOnFirstUse(Level level, boolean toStderr) {
        deferredToStderr = toStderr;
        deferredLevel = level;
    }

    /** True if a deferred configuration is pending and filters out {@code level} (see configureOnFirstUse). */
    static boolean deferredFilters(Level level) {
        Level threshold = deferredLevel;
        return threshold != null && level.ordinal() > threshold.ordinal();
    }

    /** Hands a pending deferred configuration to tinylog; called before a logger first touches tinylog. */
    static synchronized void applyDeferred() {
        Level level = deferredLevel;
        if (level == null) return;
        configure(level, deferredToStderr);
        deferredLevel = null;
    }

    /**
     * The tag of a logger: its name without the {@code dev.pinion.} prefix ({@code dev.pinion.engine} ->
     * {@code engine}); other names (JDK, libraries) are kept whole so their origin stays clear.
     */
    static String tagOf(String loggerName) {
        String prefix = "dev.pinion.";
        if (loggerName == null || loggerName.isEmpty()) return "-";
        return loggerName.startsWith(prefix) && loggerName.length() > prefix.length()
                ? loggerName.substring(prefix.length())
                : loggerName;
    }
}
