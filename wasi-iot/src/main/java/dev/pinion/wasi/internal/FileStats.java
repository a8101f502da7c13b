package dev.pinion.wasi.internal;

import dev.pinion.engine.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The filestat struct, filetypes and timestamp updates. */
final class FileStats {
    static final int UNKNOWN = 0, BLOCK_DEVICE = 1, CHARACTER_DEVICE = 2, DIRECTORY = 3, REGULAR_FILE = 4,
            SOCKET_STREAM = 6, SYMBOLIC_LINK = 7;
    static final int FILESTAT_SIZE = 64;
    static final int FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    private FileStats() {}

    /** Host attributes of one file; {@code follow} = false describes a symlink itself. */
    static Map<String, Object> attrs(Path p, boolean follow) throws IOException {
        return Files.readAttributes(p, "unix:mode,ino,dev,nlink,size,lastAccessTime,lastModifiedTime,ctime",
                follow ? FOLLOW : NOFOLLOW);
    }

    static int filetype(Map<String, Object> a) {
        return filetypeOfMode((Integer) a.get("mode"));
    }

    static int filetypeOfMode(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> DIRECTORY;
            case 0100000 -> REGULAR_FILE;
            case 0120000 -> SYMBOLIC_LINK;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0140000 -> SOCKET_STREAM;
            default -> UNKNOWN; // FIFOs: preview1 has no code for them (wasmtime says unknown too)
        };
    }

    static long ino(Map<String, Object> a) {
        return (Long) a.get("ino");
    }

    /** Writes a filestat at {@code ptr} (caller checked the 64 bytes). */
    static void write(Memory m, long ptr, Map<String, Object> a) {
        m.writeLong(ptr, (Long) a.get("dev"));
        m.writeLong(ptr + 8, (Long) a.get("ino"));
        m.writeLong(ptr + 16, 0); // filetype byte plus zeroed padding
        m.writeByte(ptr + 16, (byte) filetype(a));
        m.writeLong(ptr + 24, ((Number) a.get("nlink")).longValue());
        m.writeLong(ptr + 32, (Long) a.get("size"));
        m.writeLong(ptr + 40, nanos((FileTime) a.get("lastAccessTime")));
        m.writeLong(ptr + 48, nanos((FileTime) a.get("lastModifiedTime")));
        m.writeLong(ptr + 56, nanos((FileTime) a.get("ctime")));
    }

    /** A filestat for stdio, which has no host file behind it: all zero but the type, like wasmtime. */
    static void writeStream(Memory m, long ptr, boolean terminal) {
        m.fill(ptr, (byte) 0, FILESTAT_SIZE);
        m.writeByte(ptr + 16, (byte) (terminal ? CHARACTER_DEVICE : UNKNOWN));
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }

    /** fst_flags validation as wasmtime: a value and "now" for the same time is EINVAL, as are unknown bits. */
    static void setTimes(Path p, boolean follow, long atim, long mtim, int fst, long nowNanos) throws IOException {
        if ((fst & ~0xF) != 0) throw new WasiError(Errno.EINVAL);
        if ((fst & FST_ATIM) != 0 && (fst & FST_ATIM_NOW) != 0) throw new WasiError(Errno.EINVAL);
        if ((fst & FST_MTIM) != 0 && (fst & FST_MTIM_NOW) != 0) throw new WasiError(Errno.EINVAL);
        FileTime a = time(fst, FST_ATIM, FST_ATIM_NOW, atim, nowNanos);
        FileTime mt = time(fst, FST_MTIM, FST_MTIM_NOW, mtim, nowNanos);
        if (a == null && mt == null) return;
        BasicFileAttributeView v = Files.getFileAttributeView(p, BasicFileAttributeView.class,
                follow ? FOLLOW : NOFOLLOW);
        v.setTimes(mt, a, null); // null leaves a time unchanged
    }

    private static FileTime time(int fst, int set, int now, long value, long nowNanos) {
        if ((fst & set) != 0) return FileTime.from(value, TimeUnit.NANOSECONDS);
        if ((fst & now) != 0) return FileTime.from(nowNanos, TimeUnit.NANOSECONDS);
        return null;
    }
}
