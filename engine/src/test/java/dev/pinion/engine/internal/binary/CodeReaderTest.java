package dev.pinion.engine.internal.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.engine.MalformedModuleException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeReaderTest {

    static byte[] b(int... v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (byte) v[i];
        return r;
    }

    static byte[] unsignedLeb(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int x = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return out.toByteArray();
    }

    static byte[] signedLeb(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int x = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
            out.write(done ? x : x | 0x80);
            if (done) return out.toByteArray();
        }
    }

    @Test
    void leb128_roundTripsRandomValues() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long u = r.nextLong() >>> r.nextInt(64) & 0xFFFFFFFFL;
            assertEquals(u, new CodeReader(unsignedLeb(u)).u32Long());
            int s = (int) (r.nextLong() >> r.nextInt(64));
            assertEquals(s, new CodeReader(signedLeb(s)).s32());
            long l = r.nextLong() >> r.nextInt(64);
            assertEquals(l, new CodeReader(signedLeb(l)).s64());
            long s33 = (r.nextLong() >> r.nextInt(64)) >> 31; // within 33 bits
            assertEquals(s33, new CodeReader(signedLeb(s33)).s33());
        }
    }

    @Test
    void leb128_acceptsPaddedEncodingsUpToTheMaximumLength() {
        assertEquals(3, new CodeReader(b(0x83, 0x80, 0x80, 0x80, 0x00)).u32Long());     // 3, padded to 5 bytes
        assertEquals(-1, new CodeReader(b(0xFF, 0xFF, 0xFF, 0xFF, 0x7F)).s32());        // -1, padded to 5 bytes
        assertEquals(0xFFFFFFFFL, new CodeReader(b(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)).u32Long());
        assertEquals(Long.MIN_VALUE, new CodeReader(
                b(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F)).s64());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            // kind, bytes (hex), expected reason
            "u32, 80 80 80 80 80 00, integer representation too long",
            "u32, 82 80 80 80 70,    integer too large",
            "u32, 82 80 80 80 10,    integer too large",
            "s32, 80 80 80 80 70,    integer too large",      // positive with unused bits set
            "s32, ff ff ff ff 0f,    integer too large",      // -1 with unused bits unset
            "s32, ff ff ff ff 4f,    integer too large",
            "s32, 80 80 80 80 80 00, integer representation too long",
            "s64, 80 80 80 80 80 80 80 80 80 7e, integer too large",
            "s64, ff ff ff ff ff ff ff ff ff 01, integer too large",
            "s64, 80 80 80 80 80 80 80 80 80 80 00, integer representation too long",
            "s33, 80 80 80 80 20,    integer too large",
            "u32, 80 80,             unexpected end",
    })
    void leb128_rejectsWithTheSpecWording(String kind, String hex, String reason) {
        String[] parts = hex.trim().split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        CodeReader r = new CodeReader(bytes);
        MalformedModuleException e = assertThrows(MalformedModuleException.class, () -> {
            switch (kind) {
                case "u32" -> r.u32Long();
                case "s32" -> r.s32();
                case "s33" -> r.s33();
                case "s64" -> r.s64();
                default -> throw new AssertionError(kind);
            }
        });
        assertEquals(reason, e.reason());
    }

    @Test
    void reads_neverCrossTheLimit_andReportTheEndReason() {
        byte[] bytes = b(0x01, 0x02, 0x03, 0x04);
        CodeReader r = new CodeReader(bytes, 0, 2).endReason("section size mismatch");
        r.u8();
        r.u8();
        MalformedModuleException e = assertThrows(MalformedModuleException.class, r::u8);
        assertEquals("section size mismatch", e.reason());
        assertEquals(2, e.offset());
    }

    @Test
    void count_largerThanTheModule_isLengthOutOfBounds_beforeAnyAllocation() {
        // count 0xFFFFFFFF followed by two bytes
        CodeReader r = new CodeReader(b(0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00));
        assertEquals("length out of bounds", assertThrows(MalformedModuleException.class, r::count).reason());
    }

    @Test
    void name_decodesUtf8() {
        byte[] utf8 = "héllo €𝄞".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[utf8.length + 1];
        bytes[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, bytes, 1, utf8.length);
        assertEquals("héllo €𝄞", new CodeReader(bytes).name());
    }

    @ParameterizedTest
    @CsvSource({
            "c0 80",        // overlong NUL
            "e0 80 80",     // overlong
            "ed a0 80",     // UTF-16 surrogate D800
            "f4 90 80 80",  // above U+10FFFF
            "80",           // lone continuation byte
            "e2 82",        // truncated sequence
            "f8 88 80 80 80", // 5-byte form
    })
    void name_rejectsMalformedUtf8(String hex) {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length + 1];
        bytes[0] = (byte) parts.length;
        for (int i = 0; i < parts.length; i++) bytes[i + 1] = (byte) Integer.parseInt(parts[i], 16);
        MalformedModuleException e = assertThrows(MalformedModuleException.class, () -> new CodeReader(bytes).name());
        assertEquals("malformed UTF-8 encoding", e.reason());
    }

    @Test
    void opcode_readsPrefixedSubOpcodesAsLeb128() {
        // 0xFC then sub-opcode 8 padded to two bytes (0x88 0x00): memory.init
        assertEquals(Opcodes.MEMORY_INIT, new CodeReader(b(0xFC, 0x88, 0x00)).opcode());
        assertEquals(Opcodes.I32_ADD, new CodeReader(b(0x6A)).opcode());
    }

    @Test
    void floatBits_areLittleEndian() {
        assertEquals(0x3F800000, new CodeReader(b(0x00, 0x00, 0x80, 0x3F)).f32Bits()); // 1.0f
        assertEquals(0x3FF0000000000000L,
                new CodeReader(b(0, 0, 0, 0, 0, 0, 0xF0, 0x3F)).f64Bits());                // 1.0
    }
}
