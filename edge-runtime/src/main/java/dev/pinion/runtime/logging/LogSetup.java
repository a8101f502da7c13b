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

    /**
     * The level in force: what {@link #configure} applied, or WARN before that. Loggers check it before touching
     * tinylog, so a command that logs nothing never loads tinylog (start-up), and a log call made before the
     * CLI configured anything (e.g. the JDK's own DEBUG line for {@code System.exit}) obeys the default level.
     */
    private static volatile Level threshold = Level.WARN;

    private LogSetup() {}

    /** True if a message at {@code level} passes the level in force. */
    static boolean allows(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    /** Configure the defaults (WARN, stderr) unless someone configured tinylog already; call before first use. */
    static void ensureConfigured() {
        if (!Configuration.isFrozen()) configure(threshold, true);
    }

    /**
     * Route all logging to the console at {@code level} and above.
     *
     * @param toStderr true for the CLI (stdout is the command's output), false for the daemon
     * @return false if tinylog was already in use (its configuration is then frozen and stays as it was;
     *         this happens in tests that run several command lines in one JVM)
     */
    public static boolean configure(Level level, boolean toStderr) {
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
        threshold = level;
        return true;
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
