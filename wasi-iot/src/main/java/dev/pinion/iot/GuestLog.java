package dev.pinion.iot;

/**
 * Where a module's {@code pinion_log} lines go. The message is already cleaned: valid text, no control
 * characters (a guest cannot forge a second log line), at most {@value #MAX_MESSAGE} bytes.
 */
@FunctionalInterface
public interface GuestLog {
    int MAX_MESSAGE = 1024;

    void log(System.Logger.Level level, String module, String message);

    /** Through {@link System.Logger} {@code dev.pinion.guest.MODULE}, so the application's logging setup applies. */
    static GuestLog systemLogger() {
        return (level, module, message) -> System.getLogger("dev.pinion.guest." + module).log(level, message);
    }
}
