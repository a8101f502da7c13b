package dev.pinion.wasi.internal;

/**
 * A host call's failure with its errno. Internal control flow between the preview1 helpers and the dispatcher in
 * {@link Preview1}; never leaves a host function. Stackless because guests can trigger it at will.
 */
public final class WasiError extends RuntimeException {
    private final int errno;

    public WasiError(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        return "errno " + errno;
    }
}
