package dev.pinion.runtime.supervisor;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.ValType;
import java.util.Objects;

/**
 * A handler export a module offers for one kind of event, with the signature docs/abi.md gives it.
 *
 * @param export the export's name
 * @param kind   which events it receives
 */
public record Handler(String export, Kind kind) {
    private static final ValType I32 = ValType.I32;

    /** The event kinds and the Wasm type of their handlers; every handler returns an i32 status (0 = ok). */
    public enum Kind {
        /** {@code (topic_ptr, topic_len, payload_ptr, payload_len) -> status} */
        MESSAGE(FuncType.of(new ValType[] {I32, I32, I32, I32}, I32)),
        /** {@code () -> status} */
        TIMER(FuncType.of(new ValType[] {}, I32)),
        /** {@code (device_ptr, device_len, rising, timestamp_ns) -> status} */
        EDGE(FuncType.of(new ValType[] {I32, I32, I32, ValType.I64}, I32));

        private final FuncType type;

        Kind(FuncType type) {
            this.type = type;
        }

        public FuncType type() {
            return type;
        }

        /** True for handlers that receive bytes in guest memory, which needs {@code pinion_alloc}. */
        public boolean needsAllocator() {
            return this != TIMER;
        }

        /** The kind of handler that receives {@code event}. */
        public static Kind of(Event event) {
            return switch (event) {
                case Event.Message m -> MESSAGE;
                case Event.Timer t -> TIMER;
                case Event.Edge e -> EDGE;
            };
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Handler {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(kind, "kind");
    }
}
