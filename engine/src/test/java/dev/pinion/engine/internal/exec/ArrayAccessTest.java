package dev.pinion.engine.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Trap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The array accessors against the segment accessors they replace without a JIT: the same values for every width
 * at every alignment, little-endian, and the same bounds (the segment's length, not the array's). Called directly,
 * so this runs whichever path {@link ArrayAccess#ENABLED} selects; the engine's memory tests run with the array
 * path forced in a second surefire execution (engine/pom.xml, {@code -Dpinion.memory=array}).
 */
class ArrayAccessTest {
    private static MemorySegment heapSegment(byte[] array, long size) {
        return MemorySegment.ofArray(array).asSlice(0, size);
    }

    @Test
    void loadsAssembleLittleEndianValuesAtEveryAlignment() {
        byte[] array = new byte[64];
        new Random(42).nextBytes(array);
        MemorySegment m = heapSegment(array, 48);
        for (int i = 0; i + 8 <= 48; i++) {
            assertEquals(m.get(MemoryInstance.I64, i), ArrayAccess.getI64(m, i), "i64 at " + i);
            assertEquals(m.get(MemoryInstance.I32, i), ArrayAccess.getI32(m, i), "i32 at " + i);
            assertEquals(m.get(MemoryInstance.I16, i), ArrayAccess.getI16(m, i), "i16 at " + i);
            assertEquals(array[i], ArrayAccess.getI8(m, i), "i8 at " + i);
        }
        assertEquals(0x0807060504030201L, ArrayAccess.getI64(heapSegment(
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8), 0), "little-endian");
    }

    @Test
    void storesWriteLittleEndianBytesAndNothingElse() {
        Random random = new Random(7);
        for (int width : new int[] {1, 2, 4, 8}) {
            for (int at = 0; at < 8; at++) {
                byte[] array = new byte[24], expected = new byte[24];
                MemorySegment m = heapSegment(array, 16), e = heapSegment(expected, 16);
                long v = random.nextLong();
                switch (width) {
                    case 1 -> { ArrayAccess.setI8(m, at, (byte) v); e.set(ValueLayout.JAVA_BYTE, at, (byte) v); }
                    case 2 -> { ArrayAccess.setI16(m, at, (short) v); e.set(MemoryInstance.I16, at, (short) v); }
                    case 4 -> { ArrayAccess.setI32(m, at, (int) v); e.set(MemoryInstance.I32, at, (int) v); }
                    default -> { ArrayAccess.setI64(m, at, v); e.set(MemoryInstance.I64, at, v); }
                }
                assertEquals(Arrays.toString(expected), Arrays.toString(array),
                        width + " bytes at " + at);
            }
        }
    }

    @Test
    void boundsAreTheSegmentsLengthNotTheArrays() {
        byte[] array = new byte[32]; // room to grow into, as a heap memory has
        MemorySegment m = heapSegment(array, 16);
        ArrayAccess.getI64(m, 8);
        ArrayAccess.setI64(m, 8, -1);
        ArrayAccess.getI8(m, 15);
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI64(m, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI32(m, 13));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI16(m, 15));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI8(m, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.setI64(m, 9, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.setI32(m, 13, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.setI16(m, 15, (short) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.setI8(m, 16, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI8(m, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI32(m, 1L << 32));
        assertEquals(0, array[16], "a failed store writes nothing");
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI8(heapSegment(new byte[0], 0), 0));
    }

    @Test
    void segmentsUsedInTurnEachSeeTheirOwnArrayAndLength() {
        byte[] a = new byte[16], b = new byte[16];
        MemorySegment small = heapSegment(a, 8), grown = heapSegment(a, 16), other = heapSegment(b, 16);
        ArrayAccess.setI32(grown, 12, 0x11223344);
        ArrayAccess.setI32(other, 12, 0x55667788);
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayAccess.getI32(small, 12), "the older, shorter slice");
        assertEquals(0x11223344, ArrayAccess.getI32(grown, 12));
        assertEquals(0x55667788, ArrayAccess.getI32(other, 12));
        assertEquals(0x11223344, ArrayAccess.getI32(grown, 12));
    }

    @Test
    void selectedWithoutAJitOrWhenAsked_segmentsOtherwise() {
        assertTrue(ArrayAccess.enabled(null, false), "no JIT, no choice: arrays");
        assertFalse(ArrayAccess.enabled(null, true), "JIT: segments");
        assertTrue(ArrayAccess.enabled("array", true));
        assertFalse(ArrayAccess.enabled("heap", false), "heap asks for heap segments");
        assertFalse(ArrayAccess.enabled("native", false));
    }

    @Test
    void whenSelected_memoriesAreOnTheHeapAndAccessedThroughTheirArrays() {
        MemoryInstance m = new MemoryInstance(new Limits(1, 4), 4);
        if (ArrayAccess.ENABLED) assertFalse(m.offHeap(), "the array path needs heap memories");
        m.writeLong(65_528, 0x0102030405060708L);
        assertEquals(0x0807060504030201L, Long.reverseBytes(m.readLong(65_528)));
        assertEquals(8, m.readByte(65_528));
        assertEquals(0x0708, m.readShort(65_528));
        m.grow(1);
        m.copyWithin(65_530, 65_528, 8); // overlapping, forwards
        assertEquals(0x0102030405060708L, m.readLong(65_530), "memmove, not a forward byte loop");
        m.fill(65_536, (byte) 0x7F, 4);
        assertEquals(0x7F7F7F7F, m.readInt(65_536));
        byte[] out = new byte[3];
        m.read(65_536, out, 0, 3);
        assertEquals("[127, 127, 127]", Arrays.toString(out));
        m.write(131_070, new byte[] {9, 9}, 0, 2);
        assertEquals(0x0909, m.readShort(131_070));
        assertThrows(Trap.class, () -> m.copyWithin(0, 131_070, 3));
        assertThrows(Trap.class, () -> m.write(131_071, new byte[2], 0, 2));
    }

    @Test
    void theForcedExecutionReallyTakesTheArrayPath() {
        assumeTrue(ArrayAccess.MODE.equals(System.getProperty(NativeMemory.MODE_PROPERTY)),
                "only in the -Dpinion.memory=array execution");
        assertTrue(ArrayAccess.ENABLED);
        assertFalse(NativeMemory.available());
    }
}
