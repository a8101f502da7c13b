package dev.pinion.engine.internal.interp;

import static dev.pinion.engine.internal.interp.Simd.LO32;

import dev.pinion.engine.internal.exec.MemoryInstance;

import java.lang.foreign.MemorySegment;

/**
 * SIMD loads and stores (kept apart from the scalar accesses). Bounds are checked as for scalar accesses: an
 * access past the memory's size fails the segment's own check, whose {@link IndexOutOfBoundsException} becomes
 * the out-of-bounds trap in the interpreter. A 16-byte load reads and a 16-byte store writes its high 8 bytes
 * first, so an access that does not fit traps before a store writes anything.
 * Operands: loads d a offset; stores a v offset; lane loads d a v offset lane; lane stores a v offset lane.
 */
final class SimdMemory {
    private SimdMemory() {}

    private static final long REP8 = 0x0101_0101_0101_0101L, REP16 = 0x0001_0001_0001_0001L,
            REP32 = 0x0000_0001_0000_0001L;

    static void run(int sub, int[] code, int o, long[] s, int fp, MemorySegment mem) {
        if (sub == 0x0B || sub >= 0x58 && sub <= 0x5B) {
            store(sub, code, o, s, fp, mem);
            return;
        }
        int d = fp + code[o];
        int a = fp + code[o + 1];
        if (sub >= 0x54 && sub <= 0x57) {
            loadLane(sub, code, o, s, fp, mem, d, a);
            return;
        }
        long ea = Interpreter.ea(s[a], code[o + 2]);
        long lo, hi;
        switch (sub) {
            case 0x00 -> {
                hi = MemoryInstance.getI64(mem, ea + 8);
                lo = MemoryInstance.getI64(mem, ea);
            }
            case 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 -> { // loadMxN_s/u: 8 bytes widened
                long x = MemoryInstance.getI64(mem, ea);
                boolean signed = (sub & 1) == 1;
                int bits = sub <= 0x02 ? 8 : sub <= 0x04 ? 16 : 32;
                lo = widen(x, bits, signed);
                hi = widen(x >>> 32, bits, signed);
            }
            case 0x07 -> lo = hi = (MemoryInstance.getI8(mem, ea) & 0xFFL) * REP8;
            case 0x08 -> lo = hi = (MemoryInstance.getI16(mem, ea) & 0xFFFFL) * REP16;
            case 0x09 -> lo = hi = (MemoryInstance.getI32(mem, ea) & LO32) * REP32;
            case 0x0A -> lo = hi = MemoryInstance.getI64(mem, ea);
            case 0x5C -> {
                lo = MemoryInstance.getI32(mem, ea) & LO32;
                hi = 0;
            }
            case 0x5D -> {
                lo = MemoryInstance.getI64(mem, ea);
                hi = 0;
            }
            default -> throw new IllegalStateException("not a SIMD load: 0x" + Integer.toHexString(sub));
        }
        s[d] = lo;
        s[d + 1] = hi;
    }

    private static long widen(long x, int bits, boolean signed) {
        if (bits == 32) return signed ? (int) x : x & LO32;
        long r = 0;
        int lanes = 32 / bits;
        long mask = (1L << bits) - 1;
        for (int i = 0; i < lanes; i++) {
            long v = (x >>> (i * bits)) & mask;
            if (signed) v = (v << (64 - bits)) >> (64 - bits);
            r |= (v & ((1L << (2 * bits)) - 1)) << (i * 2 * bits);
        }
        return r;
    }

    private static void loadLane(int sub, int[] code, int o, long[] s, int fp, MemorySegment mem, int d, int a) {
        int v = fp + code[o + 2];
        int bits = 8 << (sub - 0x54);
        long ea = Interpreter.ea(s[a], code[o + 3]);
        int lane = code[o + 4];
        long x = switch (sub) {
            case 0x54 -> MemoryInstance.getI8(mem, ea) & 0xFFL;
            case 0x55 -> MemoryInstance.getI16(mem, ea) & 0xFFFFL;
            case 0x56 -> MemoryInstance.getI32(mem, ea) & LO32;
            default -> MemoryInstance.getI64(mem, ea);
        };
        long lo = s[v], hi = s[v + 1];
        int pos = lane * bits;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int shift = pos & 63;
        if (pos < 64) lo = (lo & ~(mask << shift)) | (x << shift);
        else hi = (hi & ~(mask << shift)) | (x << shift);
        s[d] = lo;
        s[d + 1] = hi;
    }

    private static void store(int sub, int[] code, int o, long[] s, int fp, MemorySegment mem) {
        int a = fp + code[o], v = fp + code[o + 1];
        long ea = Interpreter.ea(s[a], code[o + 2]);
        long lo = s[v], hi = s[v + 1];
        if (sub == 0x0B) {
            MemoryInstance.setI64(mem, ea + 8, hi); // first: if it does not fit, nothing is written
            MemoryInstance.setI64(mem, ea, lo);
            return;
        }
        int bits = 8 << (sub - 0x58);
        int pos = code[o + 3] * bits;
        long x = (pos < 64 ? lo : hi) >>> (pos & 63);
        switch (sub) {
            case 0x58 -> MemoryInstance.setI8(mem, ea, (byte) x);
            case 0x59 -> MemoryInstance.setI16(mem, ea, (short) x);
            case 0x5A -> MemoryInstance.setI32(mem, ea, (int) x);
            default -> MemoryInstance.setI64(mem, ea, x);
        }
    }
}
