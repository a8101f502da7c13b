package dev.pinion.runtime.logging;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.tinylog.TaggedLogger;

/**
 * One {@link System.Logger} writing through tinylog, tagged with the logger's short name so a journald line
 * reads {@code WARN  engine: ...}. Messages are formatted here with {@link MessageFormat} (System.Logger's
 * contract, {@code {0}} placeholders) and handed to tinylog as finished text, so tinylog's own {@code {}}
 * placeholders never reinterpret them.
 *
 * <p>Loggers not under {@code dev.pinion} (the JDK's own, e.g. {@code java.lang.Runtime}, which logs every
 * {@code System.exit} at DEBUG with a stack trace) pass DEBUG and TRACE only at level trace, so
 * {@code --log-level debug} shows Pinion's story, not the JDK's.
 */
final class TinylogSystemLogger implements System.Logger {
    private final String name;
    private final boolean foreign;
    // Resolved on first use, not in the constructor: classes keep System.Logger in static fields, and
    // touching tinylog at class-initialisation time would freeze its configuration before LogSetup runs.
    private volatile TaggedLogger tinylog;

    TinylogSystemLogger(String name) {
        this.name = name;
        this.foreign = name == null || !name.startsWith("dev.pinion");
    }

    private TaggedLogger tinylog() {
        TaggedLogger t = tinylog;
        if (t == null) {
            LogSetup.applyDeferred();
            tinylog = t = org.tinylog.Logger.tag(LogSetup.tagOf(name));
        }
        return t;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        if (level == Level.OFF || LogSetup.deferredFilters(ours(level))) return false;
        TaggedLogger tinylog = tinylog();
        return switch (level) {
            case ALL, TRACE -> tinylog.isTraceEnabled();
            case DEBUG -> foreign ? tinylog.isTraceEnabled() : tinylog.isDebugEnabled();
            case INFO -> tinylog.isInfoEnabled();
            case WARNING -> tinylog.isWarnEnabled();
            case ERROR -> tinylog.isErrorEnabled();
            case OFF -> false;
        };
    }

    /** The {@code --log-level} at which this logger's {@code level} shows (JDK debug only at trace). */
    private LogSetup.Level ours(Level level) {
        return switch (level) {
            case ALL, TRACE -> LogSetup.Level.TRACE;
            case DEBUG -> foreign ? LogSetup.Level.TRACE : LogSetup.Level.DEBUG;
            case INFO -> LogSetup.Level.INFO;
            case WARNING -> LogSetup.Level.WARN;
            case ERROR, OFF -> LogSetup.Level.ERROR;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) write(level, localize(bundle, msg), thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (!isLoggable(level)) return;
        String pattern = localize(bundle, format);
        String text = params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params);
        write(level, text, null);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        if (isLoggable(level)) write(level, msgSupplier.get(), null);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
        if (isLoggable(level)) write(level, msgSupplier.get(), thrown);
    }

    private void write(Level level, String text, Throwable thrown) {
        TaggedLogger tinylog = tinylog();
        switch (level) {
            case ALL, TRACE -> { if (thrown == null) tinylog.trace(text); else tinylog.trace(thrown, text); }
            case DEBUG -> { if (thrown == null) tinylog.debug(text); else tinylog.debug(thrown, text); }
            case INFO -> { if (thrown == null) tinylog.info(text); else tinylog.info(thrown, text); }
            case WARNING -> { if (thrown == null) tinylog.warn(text); else tinylog.warn(thrown, text); }
            case ERROR -> { if (thrown == null) tinylog.error(text); else tinylog.error(thrown, text); }
            case OFF -> { }
        }
    }

    private static String localize(ResourceBundle bundle, String key) {
        if (bundle == null || key == null || !bundle.containsKey(key)) return key;
        return bundle.getString(key);
    }
}
