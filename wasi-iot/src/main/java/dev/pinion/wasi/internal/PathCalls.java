package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.string;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.PathResolver.Resolved;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * path_* except path_open (see {@link OpenCall}). Every path goes through {@link PathResolver}; the final
 * component is never followed by these calls unless the guest asked (lookupflags) or wrote a trailing slash.
 * A preopen marked read-only refuses every change with EPERM, wasmtime's answer for a directory without
 * mutate permission.
 */
final class PathCalls {
    static final int LOOKUP_SYMLINK_FOLLOW = 1;

    private PathCalls() {}

    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static boolean follow(long lookupflags) {
        if ((lookupflags & ~LOOKUP_SYMLINK_FOLLOW & 0xFFFF_FFFFL) != 0) throw new WasiError(Errno.EINVAL);
        return (lookupflags & LOOKUP_SYMLINK_FOLLOW) != 0;
    }

    static DirectoryDescriptor mutableDir(WasiContext ctx, int fd) {
        DirectoryDescriptor d = ctx.dir(fd);
        if (d.readOnly()) throw new WasiError(Errno.EPERM);
        return d;
    }

    /** (fd, path, path_len) */
    static int createDirectory(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = mutableDir(ctx, (int) s[b]);
        Resolved r = PathResolver.resolve(dir, string(m, u32(s[b + 1]), u32(s[b + 2])), false);
        if (r.isBase()) throw new WasiError(Errno.EEXIST);
        Files.createDirectory(r.host());
        return Errno.SUCCESS;
    }

    /** (fd, lookupflags, path, path_len, filestat_ptr) */
    static int filestatGet(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = ctx.dir((int) s[b]);
        boolean follow = follow(s[b + 1]);
        String path = string(m, u32(s[b + 2]), u32(s[b + 3]));
        long out = u32(s[b + 4]);
        check(m, out, FileStats.FILESTAT_SIZE);
        Resolved r = PathResolver.resolve(dir, path, follow);
        // The resolver already expanded every symlink that was to be followed, so never follow again here.
        FileStats.write(m, out, FileStats.attrs(r.host(), false));
        return Errno.SUCCESS;
    }

    /** (fd, lookupflags, path, path_len, atim, mtim, fst_flags) */
    static int filestatSetTimes(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = mutableDir(ctx, (int) s[b]);
        boolean follow = follow(s[b + 1]);
        Resolved r = PathResolver.resolve(dir, string(m, u32(s[b + 2]), u32(s[b + 3])), follow);
        if (lstat(r.host()) == null) throw new WasiError(Errno.ENOENT);
        FileStats.setTimes(r.host(), false, s[b + 4], s[b + 5], (int) s[b + 6], ctx.config.clock().realtimeNanos());
        return Errno.SUCCESS;
    }

    /** (old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len) */
    static int link(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor from = ctx.dir((int) s[b]);
        boolean follow = follow(s[b + 1]);
        String oldPath = string(m, u32(s[b + 2]), u32(s[b + 3]));
        DirectoryDescriptor to = mutableDir(ctx, (int) s[b + 4]);
        String newPath = string(m, u32(s[b + 5]), u32(s[b + 6]));
        Resolved src = PathResolver.resolve(from, oldPath, follow);
        Resolved dst = PathResolver.resolve(to, newPath, false);
        BasicFileAttributes a = lstat(src.host());
        if (a == null) throw new WasiError(Errno.ENOENT);
        if (a.isDirectory()) throw new WasiError(Errno.EPERM); // hard links to directories: never (POSIX)
        if (dst.trailingSlash()) throw new WasiError(lstat(dst.host()) == null ? Errno.ENOENT : Errno.EEXIST);
        if (dst.isBase() || lstat(dst.host()) != null) throw new WasiError(Errno.EEXIST);
        Files.createLink(dst.host(), src.host());
        return Errno.SUCCESS;
    }

    /** (fd, path, path_len, buf, buf_len, bufused_ptr): the target truncated to the buffer, no NUL. */
    static int readlink(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = ctx.dir((int) s[b]);
        String path = string(m, u32(s[b + 1]), u32(s[b + 2]));
        long buf = u32(s[b + 3]), len = u32(s[b + 4]), usedPtr = u32(s[b + 5]);
        check(m, usedPtr, 4);
        Resolved r = PathResolver.resolve(dir, path, false);
        if (r.isBase()) throw new WasiError(Errno.EINVAL);
        BasicFileAttributes a = lstat(r.host());
        if (a == null) throw new WasiError(Errno.ENOENT);
        if (!a.isSymbolicLink()) throw new WasiError(Errno.EINVAL);
        byte[] target = Files.readSymbolicLink(r.host()).toString().getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(len, target.length);
        check(m, buf, n);
        m.write(buf, target, 0, n);
        m.writeInt(usedPtr, n);
        return Errno.SUCCESS;
    }

    /** (fd, path, path_len) */
    static int removeDirectory(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = mutableDir(ctx, (int) s[b]);
        Resolved r = PathResolver.resolve(dir, string(m, u32(s[b + 1]), u32(s[b + 2])), false);
        if (r.isBase()) throw new WasiError(Errno.EINVAL); // rmdir(".") is EINVAL on Linux too
        BasicFileAttributes a = lstat(r.host());
        if (a == null) throw new WasiError(Errno.ENOENT);
        if (!a.isDirectory()) throw new WasiError(Errno.ENOTDIR);
        Files.delete(r.host());
        return Errno.SUCCESS;
    }

    /** (fd, path, path_len) */
    static int unlinkFile(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = mutableDir(ctx, (int) s[b]);
        Resolved r = PathResolver.resolve(dir, string(m, u32(s[b + 1]), u32(s[b + 2])), false);
        if (r.isBase()) throw new WasiError(Errno.EISDIR);
        BasicFileAttributes a = lstat(r.host());
        if (a == null) throw new WasiError(Errno.ENOENT);
        if (a.isDirectory()) throw new WasiError(Errno.EISDIR);
        if (r.trailingSlash()) throw new WasiError(Errno.ENOTDIR);
        Files.delete(r.host());
        return Errno.SUCCESS;
    }

    /** (old_fd, old_path, old_len, new_fd, new_path, new_len): rename(2) semantics, both ends sandboxed. */
    static int rename(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor from = mutableDir(ctx, (int) s[b]);
        String oldPath = string(m, u32(s[b + 1]), u32(s[b + 2]));
        DirectoryDescriptor to = mutableDir(ctx, (int) s[b + 3]);
        String newPath = string(m, u32(s[b + 4]), u32(s[b + 5]));
        Resolved src = PathResolver.resolve(from, oldPath, false);
        Resolved dst = PathResolver.resolve(to, newPath, false);
        if (src.isBase() || dst.isBase()) throw new WasiError(Errno.EBUSY);
        BasicFileAttributes a = lstat(src.host());
        if (a == null) throw new WasiError(Errno.ENOENT);
        BasicFileAttributes t = lstat(dst.host());
        if (!a.isDirectory() && (src.trailingSlash() || dst.trailingSlash())) throw new WasiError(Errno.ENOTDIR);
        if (t != null && a.isDirectory() && !t.isDirectory()) throw new WasiError(Errno.ENOTDIR);
        if (t != null && !a.isDirectory() && t.isDirectory()) throw new WasiError(Errno.EISDIR);
        // ATOMIC_MOVE is rename(2) on Linux: replaces an existing target (an empty directory, or a file).
        Files.move(src.host(), dst.host(), StandardCopyOption.ATOMIC_MOVE);
        return Errno.SUCCESS;
    }

    /**
     * (old_path, old_len, fd, new_path, new_len). The target is stored as written; it is only ever followed
     * through {@link PathResolver}, so a relative target climbing out is harmless. Absolute targets are refused
     * (EPERM) like cap-std does, since they could never resolve inside the sandbox.
     */
    static int symlink(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        String target = string(m, u32(s[b]), u32(s[b + 1]));
        DirectoryDescriptor dir = mutableDir(ctx, (int) s[b + 2]);
        String path = string(m, u32(s[b + 3]), u32(s[b + 4]));
        if (target.isEmpty()) throw new WasiError(Errno.ENOENT);
        if (target.startsWith("/")) throw new WasiError(Errno.EPERM);
        Resolved r = PathResolver.resolve(dir, path, false);
        BasicFileAttributes existing = r.isBase() ? null : lstat(r.host());
        if (r.isBase() || existing != null) throw new WasiError(Errno.EEXIST);
        if (r.trailingSlash()) throw new WasiError(Errno.ENOENT);
        Files.createSymbolicLink(r.host(), Path.of(target));
        return Errno.SUCCESS;
    }
}
