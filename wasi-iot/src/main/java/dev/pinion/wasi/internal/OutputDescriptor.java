package dev.pinion.wasi.internal;

import java.io.IOException;
import java.io.OutputStream;

/** The guest's stdout or stderr: a host stream, write only, never seekable. */
public final class OutputDescriptor implements Descriptor {
    private final OutputStream out;
    /** A terminal is a character device to the guest; anything else "unknown", as in wasmtime. */
    public final boolean terminal;

    public OutputDescriptor(OutputStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        out.flush(); // the guest decides buffering (wasi-libc's stdio does); the host must not add a second layer
    }

    @Override
    public void close() throws IOException {
        out.flush(); // host-owned, see InputDescriptor#close
    }
}
