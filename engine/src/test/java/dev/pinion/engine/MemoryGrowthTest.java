package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.internal.exec.MemoryInstance;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * memory.grow reserves room to grow into, so a guest that grows a page at a time does not copy its whole memory
 * at every step; and every kind of access is still bounded by the memory's size, not by the room behind it.
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
        // the precondition of every test here: the array is longer than the memory
        assertTrue(((MemoryInstance) inst.memory()).bytes.length > size, "no room behind the memory");
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
    void growingAPageAtATime_replacesTheArrayLogarithmicallyOften() {
        MemoryInstance m = new MemoryInstance(new Limits(1, -1), MemoryInstance.MAX_JAVA_PAGES);
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        arrays.add(m.bytes);
        for (int pages = 1; pages < 512; pages++) {
            assertEquals(pages, m.grow(1));
            arrays.add(m.bytes);
            assertEquals((pages + 1) * PAGE, m.size);
        }
        // 1.25 per step from 1 page to 512 pages: ~30 arrays (one per page at first); a copy per grow made 512
        assertTrue(arrays.size() <= 40, "backing arrays allocated: " + arrays.size());
        assertTrue(m.bytes.length <= 512 * PAGE * 5 / 4 + PAGE, "room is at most a quarter: " + m.bytes.length);
    }

    @Test
    void roomNeverExceedsTheMaximum_andGrowingPastItFails() {
        MemoryInstance m = new MemoryInstance(new Limits(8, 10), MemoryInstance.MAX_JAVA_PAGES);
        assertEquals(8, m.grow(1));
        assertTrue(m.bytes.length <= 10 * PAGE, "room past the declared maximum: " + m.bytes.length);
        assertEquals(9, m.grow(1));
        assertEquals(-1, m.grow(1));
        assertEquals(10, m.pages());
        Instance capped = TestModules.compile("growth", Config.DEFAULT.withMaxMemoryPages(9)).instantiate();
        assertEquals(8, capped.function("grow").call(1)[0]);
        assertEquals(-1L, (int) capped.function("grow").call(1)[0]);
        assertEquals(9 * PAGE, ((MemoryInstance) capped.memory()).bytes.length, "no room past the engine's cap");
    }
}
