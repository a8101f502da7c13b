package dev.pinion.wasi.internal;

import java.io.IOException;

/** An entry of the guest's descriptor table: a standard stream, an open file or an open directory. */
public sealed interface Descriptor permits InputDescriptor, OutputDescriptor, FileDescriptor, DirectoryDescriptor {
    /** Release host resources; called once when the guest closes (or replaces) the descriptor. */
    void close() throws IOException;
}
