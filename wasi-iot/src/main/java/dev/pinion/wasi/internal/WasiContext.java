package dev.pinion.wasi.internal;

import dev.pinion.wasi.Preopen;
import dev.pinion.wasi.WasiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The state of one guest's WASI view: its configuration and its descriptor table. */
public final class WasiContext {
    public final WasiConfig config;
    public final FdTable fds = new FdTable();
    /** Staging buffer between linear memory and host I/O; a context serves one guest thread at a time. */
    final byte[] scratch = new byte[64 * 1024];
    /** The listing fd_readdir is paging through, per open directory (by identity: records compare by value). */
    final java.util.Map<DirectoryDescriptor, List<DirListing.Entry>> dirListings = new java.util.IdentityHashMap<>();
    /** Rights a guest dropped with fd_fdstat_set_rights: {base mask, inheriting mask}, per descriptor. */
    final java.util.Map<Descriptor, long[]> droppedRights = new java.util.IdentityHashMap<>();

    /** Forgets per-descriptor state when a descriptor leaves the table. */
    void forget(Descriptor d) {
        if (d instanceof DirectoryDescriptor dir) dirListings.remove(dir);
        droppedRights.remove(d);
    }

    public WasiContext(WasiConfig config) {
        this.config = config;
        fds.put(0, new InputDescriptor(config.stdin(), config.isTerminal(0)));
        fds.put(1, new OutputDescriptor(config.stdout(), config.isTerminal(1)));
        fds.put(2, new OutputDescriptor(config.stderr(), config.isTerminal(2)));
        int fd = 3;
        for (Preopen p : config.preopens()) {
            fds.put(fd++, new DirectoryDescriptor(realDirectory(p), List.of(), p.guestName(), p.readOnly()));
        }
    }

    private static Path realDirectory(Preopen p) {
        Path dir = p.hostDir();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("preopen '" + dir + "' is not an existing directory");
        }
        try {
            return dir.toRealPath(); // the sandbox root must be symlink-free for the containment check
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve preopen '" + dir + "'", e);
        }
    }

    private java.util.random.RandomGenerator random;

    /** The guest's random source; the default SecureRandom is created on first use (its setup costs startup). */
    java.util.random.RandomGenerator random() {
        if (random == null) random = config.random() != null ? config.random() : new java.security.SecureRandom();
        return random;
    }

    public DirectoryDescriptor dir(int fd) {
        if (fds.get(fd) instanceof DirectoryDescriptor d) return d;
        throw new WasiError(Errno.EBADF);
    }

    public FileDescriptor file(int fd) {
        if (fds.get(fd) instanceof FileDescriptor f) return f;
        throw new WasiError(Errno.EBADF);
    }
}
