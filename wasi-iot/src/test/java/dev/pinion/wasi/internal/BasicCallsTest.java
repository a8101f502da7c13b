package dev.pinion.wasi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.engine.WasmExit;
import dev.pinion.wasi.WasiClock;
import dev.pinion.wasi.WasiConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BasicCallsTest {
    static final WasiClock FIXED = new WasiClock() {
        @Override public long realtimeNanos() { return 1_700_000_000_123_456_789L; }
        @Override public long monotonicNanos() { return 42; }
    };

    @Test
    void bindings_coverEveryPreview1Function() {
        Guest g = new Guest(WasiConfig.builder().build());
        Set<String> expected = new TreeSet<>(Set.of("args_get", "args_sizes_get", "environ_get",
                "environ_sizes_get", "clock_res_get", "clock_time_get", "fd_advise", "fd_allocate", "fd_close",
                "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_get",
                "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread", "fd_prestat_get",
                "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek", "fd_sync",
                "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
                "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
                "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get",
                "sock_accept", "sock_recv", "sock_send", "sock_shutdown"));
        assertEquals(expected, new TreeSet<>(g.names()));
        assertEquals("(i32 i32 i32 i32 i32 i64 i64 i32 i32) -> (i32)", g.binding("path_open").type().toString());
        assertEquals("(i32) -> ()", g.binding("proc_exit").type().toString());
        assertEquals("(i32 i64 i32) -> (i32)", g.binding("clock_time_get").type().toString());
    }

    @Test
    void argsAndEnviron_layoutIsNulTerminatedWithPointerArray() {
        Guest g = new Guest(WasiConfig.builder().arg("prog").arg("-x").arg("héllo").env("A", "1")
                .env("PATH", "/bin").build());
        int sizes = g.alloc(8);
        assertEquals(0, g.call("args_sizes_get", sizes, sizes + 4));
        assertEquals(3, g.u32(sizes));
        assertEquals(5 + 3 + 7, g.u32(sizes + 4));
        int argv = g.alloc(12), buf = g.alloc(15);
        assertEquals(0, g.call("args_get", argv, buf));
        assertEquals(buf, g.u32(argv));
        assertEquals("prog\0-x\0héllo\0", g.string(buf, 15));
        assertEquals(buf + 8, g.u32(argv + 8));

        assertEquals(0, g.call("environ_sizes_get", sizes, sizes + 4));
        assertEquals(2, g.u32(sizes));
        assertEquals(4 + 10, g.u32(sizes + 4));
        int env = g.alloc(8), ebuf = g.alloc(14);
        assertEquals(0, g.call("environ_get", env, ebuf));
        assertEquals("A=1\0PATH=/bin\0", g.string(ebuf, 14));
    }

    @Test
    void argsGet_bufferOutsideMemory_isEfaultAndWritesNothing() {
        Guest g = new Guest(WasiConfig.builder().arg("prog").build());
        int argv = g.alloc(4);
        assertEquals(Errno.EFAULT, g.call("args_get", argv, 65_534));
        assertEquals(0, g.u32(argv));
        assertEquals(Errno.EFAULT, g.call("args_sizes_get", 0xFFFF_FFF0L, 0));
    }

    @Test
    void clocks_useConfiguredSourceAndRejectUnknownIds() {
        Guest g = new Guest(WasiConfig.builder().clock(FIXED).build());
        int out = g.alloc(8);
        assertEquals(0, g.call("clock_time_get", 0, 1, out));
        assertEquals(1_700_000_000_123_456_789L, g.u64(out));
        assertEquals(0, g.call("clock_time_get", 1, 1, out));
        assertEquals(42, g.u64(out));
        assertEquals(0, g.call("clock_time_get", 2, 1, out));
        assertEquals(0, g.call("clock_time_get", 3, 1, out));
        assertEquals(0, g.call("clock_res_get", 1, out));
        assertEquals(1000, g.u64(out));
        assertEquals(Errno.EINVAL, g.call("clock_time_get", 4, 1, out));
        assertEquals(Errno.EINVAL, g.call("clock_res_get", 99, out));
        assertEquals(Errno.EFAULT, g.call("clock_time_get", 0, 1, 65_533));
    }

    @Test
    void randomGet_fillsFromConfiguredSource() {
        Guest g = new Guest(WasiConfig.builder().random(new Random(7)).build());
        int buf = g.alloc(100);
        assertEquals(0, g.call("random_get", buf, 100));
        byte[] expected = new byte[100];
        new Random(7).nextBytes(expected);
        assertArrayEquals(expected, g.mem.readBytes(buf, 100));
        assertEquals(Errno.EFAULT, g.call("random_get", 65_000, 1000));
        assertEquals(0, g.call("random_get", 0, 0));
    }

    @Test
    void stdio_writeReadAndWasmtimeErrnos() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Guest g = new Guest(WasiConfig.builder().stdout(out).stderr(err)
                .stdin(new ByteArrayInputStream("line one\n".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals(6, g.write(1, "hello\n"));
        assertEquals(4, g.write(2, "oops"));
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("oops", err.toString(StandardCharsets.UTF_8));
        assertEquals("line", g.read(0, 4));
        assertEquals(" one\n", g.read(0, 100));
        assertEquals("", g.read(0, 100)); // end of stream: 0 bytes
        int o = g.alloc(8);
        assertEquals(Errno.ESPIPE, g.call("fd_seek", 1, 0, 0, o));
        assertEquals(Errno.ESPIPE, g.call("fd_tell", 0, o));
        assertEquals(Errno.ESPIPE, g.call("fd_pwrite", 1, g.iovec(new byte[1], 1), 1, 0, o));
        assertEquals(Errno.ESPIPE, g.call("fd_pread", 0, g.iovec(new byte[1], 1), 1, 0, o));
        assertEquals(Errno.EBADF, g.call("fd_read", 1, g.iovec(new byte[1], 1), 1, o));
        assertEquals(Errno.EBADF, g.call("fd_write", 0, g.iovec(new byte[1], 1), 1, o));
        assertEquals(Errno.EBADF, g.call("fd_write", 77, g.iovec(new byte[1], 1), 1, o));
    }

    @Test
    void fdWrite_gathersAllIovecs_andBadIovecIsEfaultWithoutOutput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Guest g = new Guest(WasiConfig.builder().stdout(out).build());
        int a = g.alloc(3), b = g.alloc(3);
        g.mem.write(a, "abc".getBytes());
        g.mem.write(b, "def".getBytes());
        int iovs = g.alloc(16);
        g.mem.writeInt(iovs, a);
        g.mem.writeInt(iovs + 4, 3);
        g.mem.writeInt(iovs + 8, b);
        g.mem.writeInt(iovs + 12, 2);
        int n = g.alloc(4);
        assertEquals(0, g.call("fd_write", 1, iovs, 2, n));
        assertEquals(5, g.u32(n));
        assertEquals("abcde", out.toString());
        g.mem.writeInt(iovs + 12, 100_000); // second buffer runs past memory
        assertEquals(Errno.EFAULT, g.call("fd_write", 1, iovs, 2, n));
        assertEquals("abcde", out.toString());
    }

    @Test
    void fdstat_ofStdio_matchesWasmtime() {
        Guest g = new Guest(WasiConfig.builder().build());
        int st = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", 1, st));
        assertEquals(FileStats.UNKNOWN, g.mem.readByte(st));
        assertEquals(FdMeta.FD_WRITE, g.u64(st + 8));
        assertEquals(0, g.call("fd_fdstat_get", 0, st));
        assertEquals(FdMeta.FD_READ, g.u64(st + 8));
        assertEquals(Errno.EBADF, g.call("fd_fdstat_get", 3, st));
        assertEquals(Errno.EBADF, g.call("fd_fdstat_set_flags", 1, 1));
        assertEquals(0, g.call("fd_fdstat_set_rights", 1, 0, 0));
        int fs = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", 2, fs));
        assertEquals(0, g.u64(fs + 32));
    }

    @Test
    void terminals_areCharacterDevicesWithoutSeekRights() {
        Guest g = new Guest(WasiConfig.builder().terminals(false, true, false).build());
        int st = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", 1, st));
        assertEquals(FileStats.CHARACTER_DEVICE, g.mem.readByte(st));
        assertEquals(FdMeta.FD_WRITE, g.u64(st + 8)); // wasi-libc's isatty(): char device, no FD_SEEK/FD_TELL
        assertEquals(0, g.call("fd_fdstat_get", 2, st));
        assertEquals(FileStats.UNKNOWN, g.mem.readByte(st));
        int fs = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", 1, fs));
        assertEquals(FileStats.CHARACTER_DEVICE, g.mem.readByte(fs + 16));
    }

    @Test
    void pollOneoff_sleepEndsWithEintrWhenInterrupted() throws Exception {
        dev.pinion.engine.Interrupt interrupt = new dev.pinion.engine.Interrupt();
        Guest g = new Guest(WasiConfig.builder().interrupt(interrupt).build());
        int subs = g.alloc(48), events = g.alloc(32), n = g.alloc(4);
        g.mem.writeByte(subs + 8, (byte) 0);
        g.mem.writeInt(subs + 16, 1);
        g.mem.writeLong(subs + 24, 600_000_000_000L); // ten minutes
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            interrupt.request();
        });
        assertEquals(Errno.EINTR, g.call("poll_oneoff", subs, events, 1, n));
        t.join();
        assertEquals(Errno.EINTR, g.call("poll_oneoff", subs, events, 1, n)); // stays interrupted until reset
    }

    @Test
    void procAndSock() {
        Guest g = new Guest(WasiConfig.builder().build());
        WasmExit e = assertThrows(WasmExit.class, () -> g.call("proc_exit", 7));
        assertEquals(7, e.exitCode());
        assertEquals(Errno.ENOTSUP, g.call("proc_raise", 2));
        assertEquals(0, g.call("sched_yield"));
        assertEquals(Errno.ENOTSOCK, g.call("sock_accept", 1, 0, g.alloc(4)));
        assertEquals(Errno.EBADF, g.call("sock_accept", 9, 0, g.alloc(4)));
        assertEquals(Errno.ENOTSOCK, g.call("sock_shutdown", 0, 3));
        assertEquals(Errno.EBADF, g.call("sock_recv", 55, 0, 0, 0, 0, 0));
        assertEquals(Errno.ENOTSOCK, g.call("sock_send", 2, 0, 0, 0, 0));
    }

    @Test
    void closeAndRenumber() {
        Guest g = new Guest(WasiConfig.builder().build());
        assertEquals(Errno.EBADF, g.call("fd_renumber", 2, 9)); // the target must be open too
        assertEquals(0, g.call("fd_renumber", 2, 1));
        assertEquals(Errno.EBADF, g.call("fd_close", 2));
        assertEquals(0, g.call("fd_close", 1));
        assertEquals(Errno.EBADF, g.call("fd_close", 1));
        assertEquals(Errno.EBADF, g.call("fd_renumber", 1, 0));
        assertEquals(0, g.call("fd_renumber", 0, 0));
    }

    @Test
    void pollOneoff_relativeClockAndStdoutWrite() {
        Guest g = new Guest(WasiConfig.builder().build());
        int subs = g.alloc(96), events = g.alloc(64), n = g.alloc(4);
        g.mem.writeLong(subs, 0xABCDL);
        g.mem.writeByte(subs + 8, (byte) 0); // clock
        g.mem.writeInt(subs + 16, 1); // monotonic
        g.mem.writeLong(subs + 24, 1_000_000); // 1 ms
        assertEquals(0, g.call("poll_oneoff", subs, events, 1, n));
        assertEquals(1, g.u32(n));
        assertEquals(0xABCDL, g.u64(events));
        assertEquals(0, g.mem.readShort(events + 8));
        assertEquals(0, g.mem.readByte(events + 10));

        g.mem.writeLong(subs + 24, 60_000_000_000L); // 60 s: must not wait, stdout is ready
        g.mem.writeLong(subs + 48, 0x77L);
        g.mem.writeByte(subs + 56, (byte) 2); // fd_write
        g.mem.writeInt(subs + 64, 1);
        assertEquals(0, g.call("poll_oneoff", subs, events, 2, n));
        assertEquals(1, g.u32(n));
        assertEquals(0x77L, g.u64(events));
        assertEquals(2, g.mem.readByte(events + 10));

        assertEquals(Errno.EINVAL, g.call("poll_oneoff", subs, events, 0, n));
        g.mem.writeInt(subs + 64, 40);
        assertEquals(Errno.EBADF, g.call("poll_oneoff", subs, events, 2, n));
        g.mem.writeByte(subs + 56, (byte) 9);
        assertEquals(Errno.EINVAL, g.call("poll_oneoff", subs, events, 2, n));
        assertEquals(Errno.EFAULT, g.call("poll_oneoff", 65_500, events, 2, n));
    }
}
