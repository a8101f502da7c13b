package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fd_readdir. The cookie is an index into the listing ".", "..", then the entries sorted by name: sorting makes
 * cookies stable between calls, which a directory stream re-opened per call would not be.
 */
final class DirListing {
    static final int DIRENT_SIZE = 24;

    private DirListing() {}

    record Entry(String name, long ino, int type) {}

    /** (fd, buf, buf_len, cookie, bufused_ptr) */
    static int readdir(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        DirectoryDescriptor dir = ctx.dir((int) s[b]);
        long buf = u32(s[b + 1]), len = u32(s[b + 2]);
        long cookie = s[b + 3];
        long usedPtr = u32(s[b + 4]);
        check(m, buf, len);
        check(m, usedPtr, 4);
        // Cookie 0 starts a new listing; later cookies page through the same snapshot, so a guest reading a big
        // directory in small buffers costs one listing, not one per call (and sees consistent cookies).
        List<Entry> entries = cookie == 0 ? null : ctx.dirListings.get(dir);
        if (entries == null) {
            entries = list(dir);
            ctx.dirListings.put(dir, entries);
        }
        long cap = len;
        long at = buf;
        // Entries that do not fit are cut off at the end of the buffer; the guest sees bufused == buf_len and
        // calls again with the cookie of the last entry it got whole (the witx contract, and wasmtime's output).
        for (long i = Math.max(0, cookie); i < entries.size() && cap > 0; i++) {
            Entry e = entries.get((int) i);
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer hdr = ByteBuffer.allocate(DIRENT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            hdr.putLong(0, i + 1).putLong(8, e.ino).putInt(16, name.length).put(20, (byte) e.type);
            int h = (int) Math.min(cap, DIRENT_SIZE);
            m.write(at, hdr.array(), 0, h);
            at += h;
            cap -= h;
            int n = (int) Math.min(cap, name.length);
            m.write(at, name, 0, n);
            at += n;
            cap -= n;
        }
        m.writeInt(usedPtr, (int) (len - cap));
        return Errno.SUCCESS;
    }

    private static List<Entry> list(DirectoryDescriptor dir) throws IOException {
        Path p = dir.hostPath();
        long self = FileStats.ino(FileStats.attrs(p, true));
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path c : ds) names.add(c.getFileName().toString());
        }
        names.sort(null);
        List<Entry> out = new ArrayList<>(names.size() + 2);
        out.add(new Entry(".", self, FileStats.DIRECTORY));
        // ".." gets the directory's own inode, as in wasmtime: the parent may be outside the sandbox.
        out.add(new Entry("..", self, FileStats.DIRECTORY));
        for (String n : names) {
            try {
                Map<String, Object> a = FileStats.attrs(p.resolve(n), false);
                out.add(new Entry(n, FileStats.ino(a), FileStats.filetype(a)));
            } catch (IOException vanished) {
                // removed between listing and stat: it is no longer an entry
            }
        }
        return out;
    }
}
