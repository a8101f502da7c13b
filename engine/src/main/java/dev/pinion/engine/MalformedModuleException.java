package dev.pinion.engine;

/** The bytes are not a WebAssembly binary (spec: "malformed"). Carries the byte offset of the fault. */
public final class MalformedModuleException extends WasmException {
    private final long offset;
    private final String reason;

    public MalformedModuleException(String reason, long offset) {
        super(reason + " (at byte offset " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** Spec wording of the fault, e.g. "unexpected end" or "integer too large". */
    public String reason() {
        return reason;
    }

    /** Byte offset in the module where decoding failed. */
    public long offset() {
        return offset;
    }
}
