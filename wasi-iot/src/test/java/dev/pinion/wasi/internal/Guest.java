package dev.pinion.wasi.internal;

import dev.pinion.engine.Caller;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.WasiConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the guest in host-function tests: owns a memory, places strings and structs in it and calls preview1
 * functions by name exactly as the engine would (arguments on a long[] stack, errno back in slot 0).
 */
final class Guest implements Caller {
    final TestMemory mem = new TestMemory(64 * 1024);
    final WasiContext ctx;
    private final Map<String, Preview1.Binding> fns = new HashMap<>();
    private int heap = 1024; // bump allocator above a scratch area at 0..1023

    Guest(WasiConfig config) {
        ctx = new WasiContext(config);
        for (Preview1.Binding b : Preview1.bindings(ctx)) fns.put(b.name(), b);
    }

    List<String> names() {
        return List.copyOf(fns.keySet());
    }

    Preview1.Binding binding(String name) {
        return fns.get(name);
    }

    /** Calls a function; returns its errno. */
    int call(String name, long... args) {
        Preview1.Binding f = fns.get(name);
        if (f == null) throw new IllegalArgumentException(name);
        if (args.length != f.type().params().size())
            throw new IllegalArgumentException(name + " takes " + f.type().params().size() + " args");
        long[] stack = new long[args.length + 4];
        System.arraycopy(args, 0, stack, 2, args.length);
        f.function().call(this, stack, 2);
        return (int) stack[2];
    }

    int alloc(int size) {
        int p = (heap + 7) & ~7;
        heap = p + size;
        return p;
    }

    /** Places a UTF-8 string; returns {ptr, len}. */
    long[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int p = alloc(b.length + 1);
        mem.write(p, b);
        return new long[] {p, b.length};
    }

    /** One iovec over a fresh buffer of {@code len} bytes holding {@code data} (may be shorter). */
    int iovec(byte[] data, int len) {
        int buf = alloc(len);
        mem.write(buf, data);
        int iov = alloc(8);
        mem.writeInt(iov, buf);
        mem.writeInt(iov + 4, len);
        return iov;
    }

    int u32(int ptr) {
        return mem.readInt(ptr);
    }

    long u64(int ptr) {
        return mem.readLong(ptr);
    }

    String string(int ptr, int len) {
        return new String(mem.readBytes(ptr, len), StandardCharsets.UTF_8);
    }

    /** path_open relative to dirfd; returns the new fd or throws with the errno. */
    int open(int dirfd, String path, int oflags, long rights, int fdflags) {
        long[] p = str(path);
        int out = alloc(4);
        int e = call("path_open", dirfd, PathCalls.LOOKUP_SYMLINK_FOLLOW, p[0], p[1], oflags, rights, 0, fdflags, out);
        if (e != 0) throw new AssertionError("path_open " + path + " errno " + e);
        return u32(out);
    }

    /** path_open errno only. */
    int openErrno(int dirfd, String path, int oflags, long rights) {
        long[] p = str(path);
        return call("path_open", dirfd, PathCalls.LOOKUP_SYMLINK_FOLLOW, p[0], p[1], oflags, rights, 0, 0, alloc(4));
    }

    int write(int fd, String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        int out = alloc(4);
        int e = call("fd_write", fd, iovec(b, b.length), 1, out);
        if (e != 0) throw new AssertionError("fd_write errno " + e);
        return u32(out);
    }

    String read(int fd, int max) {
        int iov = iovec(new byte[0], max);
        int out = alloc(4);
        int e = call("fd_read", fd, iov, 1, out);
        if (e != 0) throw new AssertionError("fd_read errno " + e);
        return string(mem.readInt(iov), u32(out));
    }

    @Override
    public Instance instance() {
        return null;
    }

    @Override
    public Memory memory() {
        return mem;
    }

    @Override
    public Object refToObject(long ref) {
        return null;
    }

    @Override
    public long objectToRef(Object ref) {
        return 0;
    }
}
