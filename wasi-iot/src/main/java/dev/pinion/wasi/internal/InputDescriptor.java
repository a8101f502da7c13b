package dev.pinion.wasi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** The guest's stdin: a host stream, read only, never seekable. */
public final class InputDescriptor implements Descriptor {
    // Pushback lets poll_oneoff block for the first byte of a pipe (where available() says nothing) and then
    // hand that byte to the next fd_read.
    private final PushbackInputStream in;
    /** A terminal is a character device to the guest; anything else "unknown", as in wasmtime. */
    public final boolean terminal;

    public InputDescriptor(InputStream in, boolean terminal) {
        this.in = new PushbackInputStream(in, 1);
        this.terminal = terminal;
    }

    /** Reads at most {@code len} bytes, blocking only until at least one is there; -1 at end of stream. */
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = in.read(buf, off, len);
        if (n <= 0) return n;
        while (n < len && in.available() > 0) {
            int m = in.read(buf, off + n, Math.min(len - n, in.available()));
            if (m <= 0) break;
            n += m;
        }
        return n;
    }

    /** True if a read would not block (data buffered or announced by the stream). */
    public boolean ready() throws IOException {
        return in.available() > 0;
    }

    /** Blocks until one byte (or end of stream) is there without consuming it. */
    public void awaitReadable() throws IOException {
        int b = in.read();
        if (b >= 0) in.unread(b);
    }

    @Override
    public void close() {
        // The host owns the stream (it may be System.in): the guest closing fd 0 only drops the table entry.
    }
}
