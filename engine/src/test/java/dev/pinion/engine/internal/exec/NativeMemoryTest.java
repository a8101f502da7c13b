package dev.pinion.engine.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Native reservations: zero-filled, backed only where touched, and unmapped once unreachable. */
class NativeMemoryTest {
    private static final long GIB = 1L << 30;

    @BeforeAll
    static void nativeMemoryIsAvailable() {
        assumeTrue(NativeMemory.available(), "native memory is not available in this JVM (see the engine's log)");
    }

    @Test
    void aReservationCostsAddressSpaceNotResidentMemory() throws IOException {
        long rss = status("VmRSS");
        MemoryInstance m = new MemoryInstance(new Limits(16_384, -1), 16_384); // 1 GiB, all of it the memory
        assertEquals(GIB, m.byteSize());
        assertEquals(0, m.readLong(GIB - 8), "untouched pages read as zeroes");
        m.fill(0, (byte) 1, 1 << 20);
        long grown = status("VmRSS") - rss;
        assertTrue(grown < 256L << 20, "RSS grew by " + (grown >> 20) + " MiB for 1 MiB touched of 1 GiB");
        assertEquals(1, m.readByte((1 << 20) - 1));
    }

    @Test
    void droppedMemoriesAreUnmapped() throws Exception {
        long before = status("VmSize");
        // 2,000 memories of 1 GiB each: 2 TiB of address space (and 2,000 mappings) if nothing were unmapped
        for (int i = 0; i < 2_000; i++) {
            MemoryInstance m = new MemoryInstance(new Limits(1, -1), 16_384);
            m.fill(0, (byte) 7, Memory.PAGE_SIZE); // touch the page
            if (i % 250 == 249) System.gc();
        }
        long grown = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 100 && grown > 64 * GIB; attempt++) {
            System.gc();
            Thread.sleep(50); // the cleaner thread unmaps after the GC found the arenas unreachable
            grown = status("VmSize") - before;
        }
        assertTrue(grown <= 64 * GIB, "address space still held after dropping 2,000 memories: "
                + (grown / GIB) + " GiB");
    }

    /** A /proc/self/status field in bytes. */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }
}
