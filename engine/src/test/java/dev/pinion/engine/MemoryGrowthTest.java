package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.engine.internal.exec.MemoryInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * memory.grow grows into reserved room (native address space reserved at the maximum, or on the heap fallback a
 * larger array), so a guest that grows a page at a time does not copy its whole memory at every step; and every
 * kind of access is still bounded by the memory's size, not by the room behind it.
 */
class MemoryGrowthTest {
    private static final int PAGE = Memory.PAGE_SIZE;
    private Instance inst;
    private int size;

    @BeforeEach
    void growIntoRoom() {
        inst = TestModules.instantiate("growth");
        assertEquals(8, inst.function("grow").call(1)[0]);
        size = 9 * PAGE;
        assertEquals(9, inst.function("size").call()[0]);
        assertEquals(size, inst.memory().byteSize());
        // the precondition of every test here: the reservation is longer than the memory
        assertTrue(((MemoryInstance) inst.memory()).capacity() > size, "no room behind the memory");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "i32.load, 4", "i64.load, 8", "f32.load, 4", "f64.load, 8", "i32.load8_s, 1", "i32.load8_u, 1",
        "i32.load16_s, 2", "i32.load16_u, 2", "i64.load8_s, 1", "i64.load8_u, 1", "i64.load16_s, 2",
        "i64.load16_u, 2", "i64.load32_s, 4", "i64.load32_u, 4",
        "i32.store, 4", "i64.store, 8", "f32.store, 4", "f64.store, 8", "i32.store8, 1", "i32.store16, 2",
        "i64.store8, 1", "i64.store16, 2", "i64.store32, 4",
        "i32.load+, 4", "i64.load+, 8", "i32.load8_u+, 1", "i32.load8_s+, 1", "i32.load16_u+, 2",
        "i32.store+, 4", "i64.store+, 8", "i32.store8+, 1", "i32.load offset=4, 4",
        "v128.load, 16", "v128.load64_zero, 8", "v128.load32_splat, 4", "v128.load8x8_s, 8",
        "v128.load16_lane, 2", "v128.store, 16", "v128.store64_lane, 8",
        "memory.fill, 16", "memory.copy to, 16", "memory.copy from, 16", "memory.init, 16",
    })
    void accessEndingAtTheLastByte_works_oneByteFurther_traps(String export, int width) {
        Function f = inst.function(export);
        f.call(size - width);
        for (long address : new long[] {size - width + 1, size - 1, size, size + PAGE, 0xFFFF_FFFFL}) {
            if (address + width <= size) continue;
            Trap t = assertThrows(Trap.class, () -> f.call(address), () -> export + " at " + address);
            assertEquals(Trap.Kind.OUT_OF_BOUNDS_MEMORY, t.kind(), export);
        }
        // nothing reached the room behind the memory: once grown into, it reads as zeroes, as new pages must
        inst.function("grow").call(1);
        for (int a = size; a < size + 16; a += 8) assertEquals(0, inst.function("i64.load").call(a)[0], export);
    }

    @Test
    void hostAccessThroughTheMemoryApi_isBoundedBySizeToo() {
        Memory m = inst.memory();
        m.writeInt(size - 4, 42);
        assertEquals(42, m.readInt(size - 4));
        assertThrows(Trap.class, () -> m.readInt(size - 3));
        assertThrows(Trap.class, () -> m.writeLong(size - 7, 1));
        assertThrows(Trap.class, () -> m.write(size - 1, new byte[2], 0, 2));
        assertThrows(Trap.class, () -> m.fill(size, (byte) 1, 1));
        assertEquals(9, m.pages());
    }

    @Test
    void onTheHeap_growingAPageAtATime_replacesTheArrayLogarithmicallyOften() {
        MemoryInstance m = MemoryInstance.onHeap(new Limits(1, -1), MemoryInstance.MAX_JAVA_PAGES);
        long replaced = 0, capacity = m.capacity();
        for (int pages = 1; pages < 512; pages++) {
            m.writeByte((long) pages * PAGE - 1, (byte) pages);
            assertEquals(pages, m.grow(1));
            if (m.capacity() != capacity) replaced++;
            capacity = m.capacity();
            assertEquals((pages + 1) * (long) PAGE, m.size);
        }
        // 1.25 per step from 1 page to 512 pages: ~30 arrays (one per page at first); a copy per grow made 512
        assertTrue(replaced <= 40, "backing arrays allocated: " + replaced);
        assertTrue(m.capacity() <= 512 * PAGE * 5 / 4 + PAGE, "room is at most a quarter: " + m.capacity());
        for (int pages = 1; pages < 512; pages++) assertEquals((byte) pages, m.readByte((long) pages * PAGE - 1));
    }

    @Test
    void offTheHeap_growingNeverMovesTheMemory() {
        MemoryInstance m = new MemoryInstance(new Limits(1, -1), 4096);
        assumeTrue(m.offHeap(), "native memory is not available in this JVM (see the engine's log)");
        long address = m.segment.address();
        assertEquals(4096L * PAGE, m.capacity(), "reserved at the cap, once");
        for (int pages = 1; pages < 4096; pages++) {
            m.writeByte((long) pages * PAGE - 1, (byte) pages);
            assertEquals(pages, m.grow(1));
            assertEquals(address, m.segment.address());
            assertEquals((pages + 1) * (long) PAGE, m.segment.byteSize());
        }
        for (int pages = 1; pages < 4096; pages++) assertEquals((byte) pages, m.readByte((long) pages * PAGE - 1));
        assertEquals(-1, m.grow(1));
    }

    @Test
    void offTheHeap_aMemoryCanHaveAll65536Pages() {
        MemoryInstance m = new MemoryInstance(new Limits(0, 65_536), 65_536);
        assumeTrue(m.offHeap(), "native memory is not available in this JVM (see the engine's log)");
        assertEquals(0, m.grow(65_535));
        assertEquals(65_535, m.grow(1));
        long last = 65_536L * PAGE - 8; // 4 GiB - 8: past any int index; only this page is touched
        m.writeLong(last, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, m.readLong(last));
        assertEquals(0, m.readLong(last - PAGE));
        assertThrows(Trap.class, () -> m.readLong(last + 1));
        assertEquals(-1, m.grow(1));
    }

    @Test
    void roomNeverExceedsTheMaximum_andGrowingPastItFails() {
        for (MemoryInstance m : new MemoryInstance[] {new MemoryInstance(new Limits(8, 10), MemoryInstance.MAX_PAGES),
                MemoryInstance.onHeap(new Limits(8, 10), MemoryInstance.MAX_JAVA_PAGES)}) {
            assertEquals(8, m.grow(1));
            assertTrue(m.capacity() <= 10 * PAGE, "room past the declared maximum: " + m.capacity());
            assertEquals(9, m.grow(1));
            assertEquals(-1, m.grow(1));
            assertEquals(10, m.pages());
        }
        Instance capped = TestModules.compile("growth", Config.DEFAULT.withMaxMemoryPages(9)).instantiate();
        assertEquals(8, capped.function("grow").call(1)[0]);
        assertEquals(-1L, (int) capped.function("grow").call(1)[0]);
        assertEquals(9 * PAGE, ((MemoryInstance) capped.memory()).capacity(), "no room past the engine's cap");
    }
}
