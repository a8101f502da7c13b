package dev.pinion.ota;

/** A delivery step failed for a {@link Reason}; the detail says what exactly, for the operator. */
public final class OtaException extends Exception {
    private final Reason reason;

    public OtaException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public OtaException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The operator-facing text (no reason code). */
    public String detail() {
        return getMessage();
    }
}
