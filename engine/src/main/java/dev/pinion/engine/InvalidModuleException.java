package dev.pinion.engine;

/** The module decodes but does not validate (spec: "invalid"). Carries the byte offset of the fault. */
public final class InvalidModuleException extends WasmException {
    private final long offset;
    private final String reason;

    public InvalidModuleException(String reason, long offset) {
        super(reason + " (at byte offset " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** Spec wording of the fault, e.g. "type mismatch" or "unknown local". */
    public String reason() {
        return reason;
    }

    /** Byte offset in the module of the offending instruction or entry, or -1 if not tied to one. */
    public long offset() {
        return offset;
    }
}
