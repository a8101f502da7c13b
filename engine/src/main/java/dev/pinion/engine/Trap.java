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
        /**
         * {@code module!function}, with the function's name from the name section, or wasmtime's
         * {@code <wasm function N>} without one; the module part only when the module has a name.
         */
        @Override
        public String toString() {
            String fn = functionName != null ? functionName : "<wasm function " + functionIndex + ">";
            return moduleName != null ? moduleName + "!" + fn : fn;
        }
    }

    /** Frame lines {@link #describe()} prints at most; a deeper backtrace ends with a count of the rest. */
    public static final int DESCRIBE_MAX_FRAMES = 100;
    /** Longest cycle of frames (mutual recursion) that {@link #describe()} folds. */
    private static final int LONGEST_FOLDED_CYCLE = 8;

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

    /**
     * The message followed by the Wasm backtrace, one frame a line with its depth, as {@code pinion run} prints
     * it. Recursion is folded: a frame (or a cycle of up to 8 frames) repeated 3 times or more is printed once,
     * followed by {@code ... N more frames of F} (or {@code ... N more frames repeating the K above}); and at most
     * {@value #DESCRIBE_MAX_FRAMES} frame lines are printed. A call-stack exhaustion is 10,000 frames deep, which
     * would otherwise be 10,000 lines. {@link #wasmStackTrace()} keeps every frame.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("wasm trap: ").append(getMessage());
        String nl = System.lineSeparator();
        List<Frame> fs = frames;
        int n = fs.size();
        int printed = 0;
        int i = 0;
        while (i < n) {
            if (printed == DESCRIBE_MAX_FRAMES) {
                sb.append(nl).append("  ... ").append(count(n - i)).append(" more frames");
                break;
            }
            int period = 0, copies = 1;
            for (int p = 1; p <= LONGEST_FOLDED_CYCLE && i + 3 * p <= n; p++) {
                int c = copies(fs, i, p);
                if (c >= 3) {
                    period = p;
                    copies = c;
                    break;
                }
            }
            int shown = period == 0 ? 1 : Math.min(period, DESCRIBE_MAX_FRAMES - printed);
            for (int k = 0; k < shown; k++) {
                sb.append(nl).append("  ").append(i + k).append(": ").append(fs.get(i + k));
            }
            printed += shown;
            if (period == 0) {
                i++;
            } else if (shown < period) {
                i += shown; // the cap cut the cycle itself: the cap's line counts the rest
            } else {
                int more = (copies - 1) * period;
                sb.append(nl).append("  ... ").append(count(more)).append(" more frames ")
                        .append(period == 1 ? "of " + fs.get(i) : "repeating the " + period + " above");
                i += copies * period;
            }
        }
        return sb.toString();
    }

    /** How many times frames[i, i+p) occur back to back from i. */
    private static int copies(List<Frame> fs, int i, int p) {
        int c = 1;
        for (int j = i + p; j + p <= fs.size(); j += p) {
            for (int k = 0; k < p; k++) {
                if (!fs.get(j + k).equals(fs.get(i + k))) return c;
            }
            c++;
        }
        return c;
    }

    private static String count(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
