package dev.pinion.wasi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.wasi.Preopen;
import dev.pinion.wasi.WasiConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host functions against a real temporary directory preopened as "/sandbox" (fd 3). */
class FileCallsTest {
    static final long RW = FdMeta.FD_READ | FdMeta.FD_WRITE | FdMeta.FD_SEEK | FdMeta.FD_TELL;
    static final long RO = FdMeta.FD_READ | FdMeta.FD_SEEK | FdMeta.FD_TELL | FdMeta.FD_READDIR;

    @TempDir Path tmp;
    Path root;
    Guest g;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(tmp.resolve("root"));
        g = new Guest(WasiConfig.builder().preopen(new Preopen(root, "/sandbox", false)).build());
    }

    @Test
    void prestat_namesThePreopen() {
        int p = g.alloc(8);
        assertEquals(0, g.call("fd_prestat_get", 3, p));
        assertEquals(0, g.mem.readByte(p));
        assertEquals(8, g.u32(p + 4));
        int name = g.alloc(8);
        assertEquals(0, g.call("fd_prestat_dir_name", 3, name, 8));
        assertEquals("/sandbox", g.string(name, 8));
        assertEquals(Errno.ENAMETOOLONG, g.call("fd_prestat_dir_name", 3, name, 7));
        assertEquals(Errno.EBADF, g.call("fd_prestat_get", 4, p));
        assertEquals(Errno.EBADF, g.call("fd_prestat_get", 1, p));
        int st = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", 3, st));
        assertEquals(FileStats.DIRECTORY, g.mem.readByte(st));
        assertEquals(FdMeta.PREOPEN_BASE, g.u64(st + 8));
        assertEquals(FdMeta.PREOPEN_INHERITING, g.u64(st + 16));
    }

    @Test
    void createWriteSeekReadBack() throws Exception {
        int fd = g.open(3, "notes.txt", OpenCall.O_CREAT, RW, 0);
        assertEquals(4, fd);
        assertEquals(11, g.write(fd, "hello world"));
        int pos = g.alloc(8);
        assertEquals(0, g.call("fd_tell", fd, pos));
        assertEquals(11, g.u64(pos));
        assertEquals(0, g.call("fd_seek", fd, 6, FdIo.WHENCE_SET, pos));
        assertEquals("world", g.read(fd, 100));
        assertEquals(0, g.call("fd_seek", fd, -5, FdIo.WHENCE_END, pos));
        assertEquals(6, g.u64(pos));
        assertEquals(0, g.call("fd_seek", fd, -1, FdIo.WHENCE_CUR, pos));
        assertEquals(5, g.u64(pos));
        assertEquals(Errno.EINVAL, g.call("fd_seek", fd, -100, FdIo.WHENCE_CUR, pos));
        assertEquals(Errno.EINVAL, g.call("fd_seek", fd, 0, 3, pos));
        assertEquals("hello world", Files.readString(root.resolve("notes.txt")));

        int n = g.alloc(4);
        byte[] dollars = "$$".getBytes();
        assertEquals(0, g.call("fd_pwrite", fd, g.iovec(dollars, 2), 1, 0, n));
        int iov = g.iovec(new byte[0], 4);
        assertEquals(0, g.call("fd_pread", fd, iov, 1, 1, n));
        assertEquals("$llo", g.string(g.mem.readInt(iov), g.u32(n)));
        assertEquals(0, g.call("fd_tell", fd, pos));
        assertEquals(5, g.u64(pos)); // pread/pwrite leave the position alone
        assertEquals(0, g.call("fd_close", fd));
        assertEquals(Errno.EBADF, g.call("fd_close", fd));
    }

    @Test
    void openFlags_exclTruncDirectoryAndRights() throws Exception {
        Files.writeString(root.resolve("f"), "12345");
        assertEquals(Errno.EEXIST, g.openErrno(3, "f", OpenCall.O_CREAT | OpenCall.O_EXCL, RW));
        assertEquals(Errno.ENOENT, g.openErrno(3, "missing", 0, RW));
        assertEquals(Errno.ENOTDIR, g.openErrno(3, "f", OpenCall.O_DIRECTORY, RO));
        assertEquals(Errno.EINVAL, g.openErrno(3, "f", 0x10, RO));
        assertEquals(Errno.EINVAL, g.openErrno(3, "d", OpenCall.O_DIRECTORY | OpenCall.O_CREAT, RO));
        int fd = g.open(3, "f", OpenCall.O_TRUNC, RW, 0);
        assertEquals(0, Files.size(root.resolve("f")));
        int ro = g.open(3, "f", 0, RO, 0);
        int n = g.alloc(4);
        assertEquals(Errno.EBADF, g.call("fd_write", ro, g.iovec(new byte[1], 1), 1, n));
        int st = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", ro, st));
        assertEquals(FileStats.REGULAR_FILE, g.mem.readByte(st));
        assertEquals(0, g.u64(st + 8) & FdMeta.FD_WRITE);
        assertEquals(FdMeta.FD_READ, g.u64(st + 8) & FdMeta.FD_READ);
        assertEquals(Errno.ENOTDIR, g.openErrno(fd, "x", 0, RO)); // a file is no base directory
        Files.createDirectory(root.resolve("dir"));
        assertEquals(Errno.EISDIR, g.openErrno(3, "dir", 0, RW));
        int d = g.open(3, "dir", OpenCall.O_DIRECTORY, RO, 0);
        assertEquals(0, g.call("fd_fdstat_get", d, st));
        assertEquals(FileStats.DIRECTORY, g.mem.readByte(st));
        assertEquals(Errno.EBADF, g.call("fd_read", d, g.iovec(new byte[0], 4), 1, n));
        assertEquals(Errno.EBADF, g.call("fd_seek", d, 0, 0, g.alloc(8)));
        assertEquals(Errno.EBADF, g.call("fd_prestat_get", d, g.alloc(8)));
        assertEquals(Errno.ENOTDIR, g.call("fd_prestat_dir_name", d, g.alloc(8), 8));
    }

    @Test
    void appendMode_writesAtEndEvenAfterSeek() throws Exception {
        Files.writeString(root.resolve("log"), "abc");
        int fd = g.open(3, "log", 0, RW, FdMeta.FDFLAG_APPEND);
        g.call("fd_seek", fd, 0, 0, g.alloc(8));
        g.write(fd, "de");
        assertEquals("abcde", Files.readString(root.resolve("log")));
        int st = g.alloc(24);
        g.call("fd_fdstat_get", fd, st);
        assertEquals(FdMeta.FDFLAG_APPEND, g.mem.readShort(st + 2));
        assertEquals(0, g.call("fd_fdstat_set_flags", fd, 0));
        g.call("fd_seek", fd, 0, 0, g.alloc(8));
        g.write(fd, "X");
        assertEquals("Xbcde", Files.readString(root.resolve("log")));
        assertEquals(Errno.EINVAL, g.call("fd_fdstat_set_flags", fd, FdMeta.FDFLAG_SYNC));
    }

    @Test
    void filestat_sizeAndTimes() throws Exception {
        int fd = g.open(3, "data", OpenCall.O_CREAT, RW, 0);
        g.write(fd, "0123456789");
        int fs = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", fd, fs));
        assertEquals(FileStats.REGULAR_FILE, g.mem.readByte(fs + 16));
        assertEquals(10, g.u64(fs + 32));
        assertEquals(1, g.u64(fs + 24));
        assertEquals(0, g.call("fd_filestat_set_size", fd, 4));
        assertEquals(4, Files.size(root.resolve("data")));
        assertEquals(0, g.call("fd_filestat_set_size", fd, 100));
        assertEquals(100, Files.size(root.resolve("data")));
        long t = 1_600_000_000_000_000_000L;
        assertEquals(0, g.call("fd_filestat_set_times", fd, t, t + 1_000_000_000L,
                FileStats.FST_ATIM | FileStats.FST_MTIM));
        assertEquals(0, g.call("fd_filestat_get", fd, fs));
        assertEquals(t + 1_000_000_000L, g.u64(fs + 48));
        assertEquals(Errno.EINVAL, g.call("fd_filestat_set_times", fd, 0, 0,
                FileStats.FST_ATIM | FileStats.FST_ATIM_NOW));
        long[] p = g.str("data");
        assertEquals(0, g.call("path_filestat_get", 3, 0, p[0], p[1], fs));
        assertEquals(100, g.u64(fs + 32));
        assertEquals(0, g.call("path_filestat_set_times", 3, 0, p[0], p[1], 0, t, FileStats.FST_MTIM));
        assertEquals(t, Files.getLastModifiedTime(root.resolve("data")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
        int ro = g.open(3, "data", 0, RO, 0);
        assertEquals(Errno.EINVAL, g.call("fd_filestat_set_size", ro, 1));
        assertEquals(Errno.ENOTSUP, g.call("fd_allocate", fd, 0, 10));
        assertEquals(0, g.call("fd_advise", fd, 0, 10, 2));
        assertEquals(Errno.EINVAL, g.call("fd_advise", fd, 0, 10, 6));
        assertEquals(0, g.call("fd_sync", fd));
        assertEquals(0, g.call("fd_datasync", fd));
        assertEquals(Errno.EBADF, g.call("fd_sync", 3));
    }

    @Test
    void directories_createListRemove() throws Exception {
        long[] d = g.str("sub");
        assertEquals(0, g.call("path_create_directory", 3, d[0], d[1]));
        assertTrue(Files.isDirectory(root.resolve("sub")));
        assertEquals(Errno.EEXIST, g.call("path_create_directory", 3, d[0], d[1]));
        Files.writeString(root.resolve("sub/b.txt"), "b");
        Files.writeString(root.resolve("sub/a.txt"), "a");
        Files.createDirectory(root.resolve("sub/c"));
        Files.createSymbolicLink(root.resolve("sub/l"), Path.of("a.txt"));
        assertEquals(List.of(".:3", "..:3", "a.txt:4", "b.txt:4", "c:3", "l:7"), readdir(3, "sub", 4096));
        // A tiny buffer: the caller gets a full buffer and resumes from the last whole entry's cookie.
        int fd = g.open(3, "sub", OpenCall.O_DIRECTORY, RO, 0);
        int buf = g.alloc(30), used = g.alloc(4);
        assertEquals(0, g.call("fd_readdir", fd, buf, 30, 0, used));
        assertEquals(30, g.u32(used));
        assertEquals(0, g.call("fd_readdir", fd, buf, 30, 99, used));
        assertEquals(0, g.u32(used));

        assertEquals(Errno.ENOTEMPTY, g.call("path_remove_directory", 3, d[0], d[1]));
        long[] f = g.str("sub/a.txt");
        assertEquals(Errno.ENOTDIR, g.call("path_remove_directory", 3, f[0], f[1]));
        assertEquals(0, g.call("path_unlink_file", 3, f[0], f[1]));
        assertFalse(Files.exists(root.resolve("sub/a.txt")));
        assertEquals(Errno.ENOENT, g.call("path_unlink_file", 3, f[0], f[1]));
        long[] c = g.str("sub/c");
        assertEquals(Errno.EISDIR, g.call("path_unlink_file", 3, c[0], c[1]));
        assertEquals(0, g.call("path_remove_directory", 3, c[0], c[1]));
        long[] bs = g.str("sub/b.txt/");
        assertEquals(Errno.ENOTDIR, g.call("path_unlink_file", 3, bs[0], bs[1]));
        long[] dot = g.str(".");
        assertEquals(Errno.EINVAL, g.call("path_remove_directory", 3, dot[0], dot[1]));
    }

    private List<String> readdir(int dirfd, String path, int size) {
        int fd = g.open(dirfd, path, OpenCall.O_DIRECTORY, RO, 0);
        int buf = g.alloc(size), used = g.alloc(4);
        assertEquals(0, g.call("fd_readdir", fd, buf, size, 0, used));
        List<String> out = new ArrayList<>();
        int at = buf, end = buf + g.u32(used);
        while (at + 24 <= end) {
            int len = g.u32(at + 16);
            out.add(g.string(at + 24, len) + ":" + g.mem.readByte(at + 20));
            at += 24 + len;
        }
        return out;
    }

    @Test
    void renameLinkSymlinkReadlink() throws Exception {
        Files.writeString(root.resolve("a"), "A");
        long[] a = g.str("a"), b = g.str("b");
        assertEquals(0, g.call("path_rename", 3, a[0], a[1], 3, b[0], b[1]));
        assertEquals("A", Files.readString(root.resolve("b")));
        assertEquals(Errno.ENOENT, g.call("path_rename", 3, a[0], a[1], 3, b[0], b[1]));
        long[] h = g.str("hard");
        assertEquals(0, g.call("path_link", 3, 0, b[0], b[1], 3, h[0], h[1]));
        assertEquals(Errno.EEXIST, g.call("path_link", 3, 0, b[0], b[1], 3, h[0], h[1]));
        int fs = g.alloc(64);
        g.call("path_filestat_get", 3, 0, h[0], h[1], fs);
        assertEquals(2, g.u64(fs + 24));
        long[] target = g.str("b"), link = g.str("sym");
        assertEquals(0, g.call("path_symlink", target[0], target[1], 3, link[0], link[1]));
        assertEquals(Errno.EEXIST, g.call("path_symlink", target[0], target[1], 3, link[0], link[1]));
        int buf = g.alloc(16), used = g.alloc(4);
        assertEquals(0, g.call("path_readlink", 3, link[0], link[1], buf, 16, used));
        assertEquals("b", g.string(buf, g.u32(used)));
        assertEquals(Errno.EINVAL, g.call("path_readlink", 3, b[0], b[1], buf, 16, used));
        // lookupflags decide whether filestat sees the link or its target
        assertEquals(0, g.call("path_filestat_get", 3, 0, link[0], link[1], fs));
        assertEquals(FileStats.SYMBOLIC_LINK, g.mem.readByte(fs + 16));
        assertEquals(0, g.call("path_filestat_get", 3, 1, link[0], link[1], fs));
        assertEquals(FileStats.REGULAR_FILE, g.mem.readByte(fs + 16));
        assertEquals("A", g.read(g.open(3, "sym", 0, RO, 0), 10));
        long[] s = g.str("sym");
        assertEquals(Errno.ELOOP, g.call("path_open", 3, 0, s[0], s[1], 0, RO, 0, 0, g.alloc(4)));
        Files.createDirectory(root.resolve("dir"));
        long[] dir = g.str("dir");
        assertEquals(Errno.EISDIR, g.call("path_rename", 3, b[0], b[1], 3, dir[0], dir[1]));
        assertEquals(Errno.ENOTDIR, g.call("path_rename", 3, dir[0], dir[1], 3, b[0], b[1]));
    }

    @Test
    void unlinkedFileKeepsWorking() throws Exception {
        int fd = g.open(3, "tmp", OpenCall.O_CREAT, RW, 0);
        g.write(fd, "xyz");
        long[] p = g.str("tmp");
        assertEquals(0, g.call("path_unlink_file", 3, p[0], p[1]));
        int fs = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", fd, fs));
        assertEquals(3, g.u64(fs + 32));
        g.call("fd_seek", fd, 0, 0, g.alloc(8));
        assertEquals("xyz", g.read(fd, 10));
    }

    @Test
    void rights_canOnlyShrink_andDroppingReadWriteIsEnforced() {
        int fd = g.open(3, "r", OpenCall.O_CREAT, RW, 0);
        int st = g.alloc(24);
        g.call("fd_fdstat_get", fd, st);
        long base = g.u64(st + 8), inh = g.u64(st + 16);
        assertEquals(0, g.call("fd_fdstat_set_rights", fd, base, inh)); // same rights: fine
        long dropped = base & ~(FdMeta.FD_READ | FdMeta.FD_WRITE);
        assertEquals(0, g.call("fd_fdstat_set_rights", fd, dropped, inh));
        g.call("fd_fdstat_get", fd, st);
        assertEquals(dropped & ~FdMeta.FD_READDIR, g.u64(st + 8)); // no FD_READ implies no FD_READDIR (wasmtime)
        int n = g.alloc(4);
        assertEquals(Errno.EBADF, g.call("fd_read", fd, g.iovec(new byte[0], 4), 1, n));
        assertEquals(Errno.EBADF, g.call("fd_write", fd, g.iovec(new byte[1], 1), 1, n));
        assertEquals(Errno.ENOTCAPABLE, g.call("fd_fdstat_set_rights", fd, base, inh));
        assertEquals(0, g.call("fd_close", fd));
        // the preopen keeps wasmtime's fixed set, without PATH_FILESTAT_SET_SIZE
        g.call("fd_fdstat_get", 3, st);
        assertEquals(0, g.u64(st + 8) & FdMeta.PATH_FILESTAT_SET_SIZE);
    }

    @Test
    void setTimes_keepsNanosecondsAndTheOtherTime() throws Exception {
        int fd = g.open(3, "t", OpenCall.O_CREAT, RW, 0);
        int fs = g.alloc(64);
        g.call("fd_filestat_get", fd, fs);
        long atim = g.u64(fs + 40), mtim = g.u64(fs + 48) - 100;
        assertEquals(0, g.call("fd_filestat_set_times", fd, 0, mtim, FileStats.FST_MTIM));
        g.call("fd_filestat_get", fd, fs);
        assertEquals(mtim, g.u64(fs + 48));
        assertEquals(atim, g.u64(fs + 40));
        // on a symlink itself (lookupflags 0) versus its target
        Files.createSymbolicLink(root.resolve("ln"), Path.of("t"));
        long[] ln = g.str("ln");
        g.call("path_filestat_get", 3, 0, ln[0], ln[1], fs);
        long linkMtim = g.u64(fs + 48) - 200;
        assertEquals(0, g.call("path_filestat_set_times", 3, 0, ln[0], ln[1], 0, linkMtim, FileStats.FST_MTIM));
        g.call("path_filestat_get", 3, 0, ln[0], ln[1], fs);
        assertEquals(linkMtim, g.u64(fs + 48));
        g.call("path_filestat_get", 3, 1, ln[0], ln[1], fs);
        assertEquals(mtim, g.u64(fs + 48)); // the target is untouched
    }

    @Test
    void readdir_pagesThroughABigDirectoryWithCookies() throws Exception {
        for (int i = 0; i < 300; i++) Files.createFile(root.resolve("file." + i));
        int fd = g.open(3, ".", OpenCall.O_DIRECTORY, RO, 0);
        int buf = g.alloc(256), used = g.alloc(4);
        long cookie = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            assertEquals(0, g.call("fd_readdir", fd, buf, 256, cookie, used));
            int end = buf + g.u32(used), at = buf;
            while (at + 24 <= end && at + 24 + g.u32(at + 16) <= end) {
                int len = g.u32(at + 16);
                assertTrue(seen.add(g.string(at + 24, len)), "each entry once");
                cookie = g.u64(at);
                at += 24 + len;
            }
            if (g.u32(used) < 256) break;
        }
        assertEquals(302, seen.size());
    }

    @Test
    void rename_replacesAnExistingFile() throws Exception {
        Files.writeString(root.resolve("src"), "new");
        Files.writeString(root.resolve("dst"), "old");
        long[] a = g.str("src"), b = g.str("dst");
        assertEquals(0, g.call("path_rename", 3, a[0], a[1], 3, b[0], b[1]));
        assertEquals("new", Files.readString(root.resolve("dst")));
        Files.createDirectories(root.resolve("full/x"));
        Files.createDirectory(root.resolve("empty"));
        long[] full = g.str("full"), empty = g.str("empty");
        assertEquals(Errno.ENOTEMPTY, g.call("path_rename", 3, empty[0], empty[1], 3, full[0], full[1]));
        assertEquals(0, g.call("path_rename", 3, full[0], full[1], 3, empty[0], empty[1]));
        assertTrue(Files.isDirectory(root.resolve("empty/x")));
    }
}
