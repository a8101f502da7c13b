package dev.pinion.engine;

import java.util.List;

/**
 * A WebAssembly trap: execution stopped and the call unwound. The message uses the spec's wording
 * (for {@link Kind#HOST} the host's own message). {@link #wasmStackTrace()} lists the Wasm frames,
 * innermost first, named from the module's name section where present.
 */
public final class Trap extends WasmException {

    /** Why execution stopped. The message of each kind is the spec interpreter's wording. */
    public enum Kind {
        UNREACHABLE("unreachable"),
        INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
        INTEGER_OVERFLOW("integer overflow"),
        INVALID_CONVERSION("invalid conversion to integer"),
        OUT_OF_BOUNDS_MEMORY("out of bounds memory access"),
        OUT_OF_BOUNDS_TABLE("out of bounds table access"),
        UNDEFINED_ELEMENT("undefined element"),
        UNINITIALIZED_ELEMENT("uninitialized element"),
        INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
        CALL_STACK_EXHAUSTED("call stack exhausted"),
        /** The per-call instruction budget ran out. */
        FUEL_EXHAUSTED("fuel exhausted"),
        /** The call's deadline passed or it was interrupted from another thread. */
        INTERRUPTED("interrupted: deadline exceeded"),
        /** An instance could not be created within the configured limits (e.g. memory cap). */
        RESOURCE_LIMIT("resource limit exceeded"),
        /** A host function failed; the message is the host's. */
        HOST("host function failed");

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        /** The spec's wording for this trap. */
        public String message() {
            return message;
        }
    }

    /** One Wasm frame of a trap's backtrace. */
    public record Frame(String moduleName, int functionIndex, String functionName) {
        @Override
        public String toString() {
            String fn = functionName != null ? functionName : "func[" + functionIndex + "]";
            return moduleName != null ? moduleName + "!" + fn : fn;
        }
    }

    private final Kind kind;
    private volatile List<Frame> frames = List.of();

    /** A trap raised by guest code: no JVM stack trace is captured (it would only show the interpreter). */
    public Trap(Kind kind) {
        super(kind.message(), false);
        this.kind = kind;
    }

    public Trap(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Trap(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Wasm frames at the point of the trap, innermost first. */
    public List<Frame> wasmStackTrace() {
        return frames;
    }

    /** Set by the engine while unwinding; not for embedders. */
    public void setWasmStackTrace(List<Frame> frames) {
        this.frames = List.copyOf(frames);
    }

    /** The message followed by the Wasm backtrace, one frame a line, as {@code pinion run} prints it. */
    public String describe() {
        StringBuilder sb = new StringBuilder("wasm trap: ").append(getMessage());
        int i = 0;
        for (Frame f : frames) {
            sb.append(System.lineSeparator()).append("  ").append(i++).append(": ").append(f);
        }
        return sb.toString();
    }
}
