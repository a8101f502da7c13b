package dev.pinion.engine;

/**
 * The one exception family of the engine. Each stage of the pipeline has its own subtype:
 * decode ({@link MalformedModuleException}), validate ({@link InvalidModuleException}),
 * link ({@link LinkException}), run and instantiate ({@link Trap}), and a guest's request to end
 * the program ({@link WasmExit}).
 */
public abstract sealed class WasmException extends RuntimeException
        permits MalformedModuleException, InvalidModuleException, LinkException, Trap, WasmExit {
    protected WasmException(String message) {
        super(message);
    }

    protected WasmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For exceptions whose JVM stack trace says nothing useful (traps raised by guest code). */
    protected WasmException(String message, boolean jvmStackTrace) {
        super(message, null, false, jvmStackTrace);
    }
}
