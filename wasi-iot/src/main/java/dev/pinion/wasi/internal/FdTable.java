package dev.pinion.wasi.internal;

import java.io.IOException;
import java.util.TreeMap;

/** The guest's descriptor table. New descriptors get the lowest free number, as POSIX and wasmtime do. */
public final class FdTable {
    /** Cap on open descriptors so a guest cannot exhaust the host's handles. */
    public static final int MAX_OPEN = 1024;

    private final TreeMap<Integer, Descriptor> used = new TreeMap<>();

    public Descriptor get(int fd) {
        Descriptor d = used.get(fd);
        if (d == null) throw new WasiError(Errno.EBADF);
        return d;
    }

    public boolean contains(int fd) {
        return used.containsKey(fd);
    }

    public int add(Descriptor d) {
        if (used.size() >= MAX_OPEN) throw new WasiError(Errno.EMFILE);
        int fd = 0;
        for (int k : used.keySet()) {
            if (k != fd) break;
            fd++;
        }
        used.put(fd, d);
        return fd;
    }

    /** Puts a descriptor at a fixed number (stdio, preopens). */
    public void put(int fd, Descriptor d) {
        used.put(fd, d);
    }

    public void close(int fd) throws IOException {
        Descriptor d = used.remove(fd);
        if (d == null) throw new WasiError(Errno.EBADF);
        d.close();
    }

    /**
     * fd_renumber: moves {@code from} onto {@code to}, closing what {@code to} held. Both must be open (EBADF),
     * as the preview1 docs and the WASI test suite require: renumbering cannot invent descriptor numbers.
     */
    public void renumber(int from, int to) throws IOException {
        Descriptor d = get(from);
        get(to);
        if (from == to) return;
        used.remove(from);
        Descriptor old = used.put(to, d);
        if (old != null) old.close();
    }

    /** Closes every descriptor (end of run); failures are ignored, there is nobody left to tell. */
    public void closeAll() {
        for (Descriptor d : used.values()) {
            try {
                d.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort at teardown
            }
        }
        used.clear();
    }
}
