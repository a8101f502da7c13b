package dev.pinion.wasi.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An open regular file (or other non-directory). The position lives here, not in the channel, because preview1
 * reads and writes at an explicit offset like wasmtime does (and APPEND must be switchable after open).
 */
public final class FileDescriptor implements Descriptor {
    public final FileChannel channel;
    /** Host path it was opened at, for the path-based attribute calls java.nio offers. */
    public final Path path;
    /** Opened with FD_READ / FD_WRITE; cleared for good when the guest drops the right (fd_fdstat_set_rights). */
    public boolean readable;
    public boolean writable;
    public long position;
    public boolean append;
    public boolean nonblock;
    public final int syncFlags;

    public FileDescriptor(FileChannel channel, Path path, boolean readable, boolean writable, boolean append,
                          boolean nonblock, int syncFlags) {
        this.channel = channel;
        this.path = path;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.nonblock = nonblock;
        this.syncFlags = syncFlags;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
