package dev.pinion.wasi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.wasi.Preopen;
import dev.pinion.wasi.WasiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way out of a preopen must fail. Layout: tmp/secret.txt (outside), tmp/root (preopen fd 3, writable),
 * tmp/ro (preopen fd 4, read-only).
 */
class SandboxTest {
    static final long R = FdMeta.FD_READ;
    static final long RW = FdMeta.FD_READ | FdMeta.FD_WRITE;

    @TempDir Path tmp;
    Path root;
    Path ro;
    Guest g;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        root = Files.createDirectory(tmp.resolve("root"));
        ro = Files.createDirectory(tmp.resolve("ro"));
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/file"), "inside");
        Files.writeString(ro.resolve("keep"), "keep");
        Files.createSymbolicLink(root.resolve("abs_out"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("rel_out"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("a/deep_out"), Path.of("../../secret.txt"));
        Files.createSymbolicLink(root.resolve("dir_out"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(root.resolve("chain2"), Path.of("a/b/../../rel_out"));
        Files.createSymbolicLink(root.resolve("ok_chain"), Path.of("a/b/../file"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        g = new Guest(WasiConfig.builder().preopen(new Preopen(root, ".", false))
                .preopen(new Preopen(ro, "/ro", true)).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "a/../../secret.txt", "a/b/../../../secret.txt", "/etc/passwd",
            "abs_out", "rel_out", "a/deep_out", "dir_out/secret.txt", "chain1", "a/../dir_out/root/a/file",
            "./../root/a/file"})
    void open_escapes_areEperm(String path) {
        assertEquals(Errno.EPERM, g.openErrno(3, path, 0, R), path);
    }

    @Test
    void symlinkLoop_isEloop() {
        assertEquals(Errno.ELOOP, g.openErrno(3, "loop1", 0, R));
    }

    @Test
    void inSandboxSymlinksAndDotDot_work() {
        assertEquals("inside", g.read(g.open(3, "ok_chain", 0, R, 0), 100));
        assertEquals("inside", g.read(g.open(3, "a/b/../file", 0, R, 0), 100));
        assertEquals("inside", g.read(g.open(3, "a/./b/..//file", 0, R, 0), 100));
    }

    @Test
    void dotDot_cannotClimbAboveAnOpenedSubdirectory() {
        int a = g.open(3, "a", OpenCall.O_DIRECTORY, R, 0);
        assertEquals(Errno.EPERM, g.openErrno(a, "../a/file", 0, R));
        assertEquals("inside", g.read(g.open(a, "b/../file", 0, R, 0), 100));
    }

    @Test
    void createThroughEscapingPaths_isRefusedAndCreatesNothingOutside() {
        assertEquals(Errno.EPERM, g.openErrno(3, "../new.txt", OpenCall.O_CREAT, RW));
        assertEquals(Errno.EPERM, g.openErrno(3, "dir_out/new.txt", OpenCall.O_CREAT, RW));
        long[] p = g.str("../newdir");
        assertEquals(Errno.EPERM, g.call("path_create_directory", 3, p[0], p[1]));
        assertFalse(Files.exists(tmp.resolve("new.txt")));
        assertFalse(Files.exists(tmp.resolve("newdir")));
    }

    @Test
    void renameAndLinkOut_areRefused() throws Exception {
        long[] src = g.str("a/file"), out = g.str("../stolen"), viaLink = g.str("dir_out/stolen");
        assertEquals(Errno.EPERM, g.call("path_rename", 3, src[0], src[1], 3, out[0], out[1]));
        assertEquals(Errno.EPERM, g.call("path_rename", 3, src[0], src[1], 3, viaLink[0], viaLink[1]));
        assertEquals(Errno.EPERM, g.call("path_link", 3, 0, src[0], src[1], 3, out[0], out[1]));
        long[] secret = g.str("../secret.txt"), in = g.str("got");
        assertEquals(Errno.EPERM, g.call("path_link", 3, 0, secret[0], secret[1], 3, in[0], in[1]));
        assertEquals(Errno.EPERM, g.call("path_rename", 3, secret[0], secret[1], 3, in[0], in[1]));
        long[] absOut = g.str("abs_out");
        assertEquals(Errno.EPERM, g.call("path_link", 3, 1, absOut[0], absOut[1], 3, in[0], in[1]));
        assertFalse(Files.exists(tmp.resolve("stolen")));
        assertTrue(Files.exists(tmp.resolve("secret.txt")));
        assertEquals("inside", Files.readString(root.resolve("a/file")));
    }

    @Test
    void statReadlinkUnlinkOutside_areRefused() throws Exception {
        int fs = g.alloc(64);
        long[] p = g.str("../secret.txt");
        assertEquals(Errno.EPERM, g.call("path_filestat_get", 3, 1, p[0], p[1], fs));
        assertEquals(Errno.EPERM, g.call("path_unlink_file", 3, p[0], p[1]));
        long[] rel = g.str("rel_out");
        assertEquals(Errno.EPERM, g.call("path_filestat_get", 3, 1, rel[0], rel[1], fs));
        assertEquals(0, g.call("path_filestat_get", 3, 0, rel[0], rel[1], fs)); // the link itself is inside
        // unlinking the link removes the link, never its target
        assertEquals(0, g.call("path_unlink_file", 3, rel[0], rel[1]));
        assertTrue(Files.exists(tmp.resolve("secret.txt")));
    }

    @Test
    void absoluteSymlinkTarget_cannotBeCreated() {
        long[] t = g.str("/etc/passwd"), l = g.str("pw");
        assertEquals(Errno.EPERM, g.call("path_symlink", t[0], t[1], 3, l[0], l[1]));
        // a relative one that points out may be created, but never followed out
        long[] t2 = g.str("../../../etc/passwd");
        assertEquals(0, g.call("path_symlink", t2[0], t2[1], 3, l[0], l[1]));
        assertEquals(Errno.EPERM, g.openErrno(3, "pw", 0, R));
    }

    @Test
    void readOnlyPreopen_allowsReadsRefusesChanges() throws Exception {
        assertEquals("keep", g.read(g.open(4, "keep", 0, R, 0), 10));
        assertEquals(Errno.EPERM, g.openErrno(4, "keep", 0, RW));
        assertEquals(Errno.EPERM, g.openErrno(4, "new", OpenCall.O_CREAT, R));
        assertEquals(Errno.EPERM, g.openErrno(4, "keep", OpenCall.O_TRUNC, R));
        long[] k = g.str("keep"), n = g.str("n");
        assertEquals(Errno.EPERM, g.call("path_unlink_file", 4, k[0], k[1]));
        assertEquals(Errno.EPERM, g.call("path_create_directory", 4, n[0], n[1]));
        assertEquals(Errno.EPERM, g.call("path_rename", 4, k[0], k[1], 4, n[0], n[1]));
        assertEquals(Errno.EPERM, g.call("path_rename", 4, k[0], k[1], 3, n[0], n[1]));
        assertEquals(Errno.EPERM, g.call("path_symlink", k[0], k[1], 4, n[0], n[1]));
        assertEquals(Errno.EPERM, g.call("path_link", 3, 0, k[0], k[1], 4, n[0], n[1]));
        int d = g.open(4, ".", OpenCall.O_DIRECTORY, R, 0);
        assertEquals(Errno.EPERM, g.openErrno(d, "new", OpenCall.O_CREAT, RW)); // inherited by subdirectories
        assertEquals("keep", Files.readString(ro.resolve("keep")));
        assertFalse(Files.exists(ro.resolve("new")));
    }

    @Test
    void badPathPointers_areEfault_invalidUtf8IsEilseq() {
        int out = g.alloc(4);
        assertEquals(Errno.EFAULT, g.call("path_open", 3, 0, 65_530, 100, 0, R, 0, 0, out));
        assertEquals(Errno.EFAULT, g.call("path_open", 3, 0, 0xFFFF_FFFFL, 2, 0, R, 0, 0, out));
        int p = g.alloc(2);
        g.mem.writeByte(p, (byte) 0xC3);
        g.mem.writeByte(p + 1, (byte) 0x28);
        assertEquals(Errno.EILSEQ, g.call("path_open", 3, 0, p, 2, 0, R, 0, 0, out));
        long[] ok = g.str("a/file");
        assertEquals(Errno.EFAULT, g.call("path_open", 3, 0, ok[0], ok[1], 0, R, 0, 0, 70_000));
        assertEquals(Errno.ENOENT, g.call("path_open", 3, 0, ok[0], 0, 0, R, 0, 0, out));
    }
}
