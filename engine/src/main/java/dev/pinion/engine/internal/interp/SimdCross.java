package dev.pinion.engine.internal.interp;

import static dev.pinion.engine.internal.interp.Simd.LO32;

/**
 * SIMD instructions whose result lanes come from the other half of an operand, or from both (shuffles, narrow,
 * extend, extended multiply, conversions of the low lanes), and the reductions to an i32 (any_true, all_true,
 * bitmask). Operands as in {@link Simd}.
 */
final class SimdCross {
    private SimdCross() {}

    static void run(int sub, int[] code, int o, long[] s, int fp) {
        int d = fp + code[o], a = fp + code[o + 1];
        long a0 = s[a], a1 = s[a + 1];
        switch (sub) {
            case 0x53 -> s[d] = (a0 | a1) != 0 ? 1 : 0;
            case 0x63 -> s[d] = allTrue(a0, 0xFFL, 8) && allTrue(a1, 0xFFL, 8) ? 1 : 0;
            case 0x83 -> s[d] = allTrue(a0, 0xFFFFL, 16) && allTrue(a1, 0xFFFFL, 16) ? 1 : 0;
            case 0xA3 -> s[d] = allTrue(a0, LO32, 32) && allTrue(a1, LO32, 32) ? 1 : 0;
            case 0xC3 -> s[d] = a0 != 0 && a1 != 0 ? 1 : 0;
            case 0x64 -> s[d] = bitmask(a0, 8) | bitmask(a1, 8) << 8;
            case 0x84 -> s[d] = bitmask(a0, 16) | bitmask(a1, 16) << 4;
            case 0xA4 -> s[d] = bitmask(a0, 32) | bitmask(a1, 32) << 2;
            case 0xC4 -> s[d] = bitmask(a0, 64) | bitmask(a1, 64) << 1;
            // extend: the low or high half of the input, widened into both halves of the result
            case 0x87, 0x88, 0x89, 0x8A, 0xA7, 0xA8, 0xA9, 0xAA, 0xC7, 0xC8, 0xC9, 0xCA -> {
                int k = sub & 0x0F; // 7: low signed, 8: high signed, 9: low unsigned, A: high unsigned
                long x = k == 0x7 || k == 0x9 ? a0 : a1;
                boolean signed = k == 0x7 || k == 0x8;
                int bits = sub < 0xA0 ? 8 : sub < 0xC0 ? 16 : 32;
                s[d] = widen(x, bits, signed);
                s[d + 1] = widen(x >>> 32, bits, signed);
            }
            case 0x5E -> { // f32x4.demote_f64x2_zero
                s[d] = (Ops.uB6(a0) & LO32) | (Ops.uB6(a1) << 32);
                s[d + 1] = 0;
            }
            case 0x5F -> { // f64x2.promote_low_f32x4
                s[d] = Ops.uBB(a0 & LO32);
                s[d + 1] = Ops.uBB(a0 >>> 32);
            }
            case 0xFC -> {
                s[d] = (Ops.i32TruncSatS(Simd.f64(a0)) & LO32) | ((long) Ops.i32TruncSatS(Simd.f64(a1)) << 32);
                s[d + 1] = 0;
            }
            case 0xFD -> {
                s[d] = (Ops.i32TruncSatU(Simd.f64(a0)) & LO32) | ((long) Ops.i32TruncSatU(Simd.f64(a1)) << 32);
                s[d + 1] = 0;
            }
            case 0xFE -> {
                s[d] = Simd.d((int) a0);
                s[d + 1] = Simd.d((int) (a0 >>> 32));
            }
            case 0xFF -> {
                s[d] = Simd.d(Ops.f64FromU32((int) a0));
                s[d + 1] = Simd.d(Ops.f64FromU32((int) (a0 >>> 32)));
            }
            default -> binary(sub, code, o, s, fp, d, a0, a1);
        }
    }

    private static void binary(int sub, int[] code, int o, long[] s, int fp, int d, long a0, long a1) {
        int b = fp + code[o + 2];
        long b0 = s[b], b1 = s[b + 1];
        switch (sub) {
            case 0x52 -> { // v128.bitselect a b c: bits of a where c is 1, of b where c is 0
                int c = fp + code[o + 3];
                long c0 = s[c], c1 = s[c + 1];
                s[d] = (a0 & c0) | (b0 & ~c0);
                s[d + 1] = (a1 & c1) | (b1 & ~c1);
            }
            case 0x0D -> { // i8x16.shuffle: lane indexes as 4 ints after a and b
                long l0 = (code[o + 3] & LO32) | ((long) code[o + 4] << 32);
                long l1 = (code[o + 5] & LO32) | ((long) code[o + 6] << 32);
                long r0 = 0, r1 = 0;
                for (int i = 0; i < 64; i += 8) {
                    r0 |= pick(a0, a1, b0, b1, (int) (l0 >>> i) & 0xFF) << i;
                    r1 |= pick(a0, a1, b0, b1, (int) (l1 >>> i) & 0xFF) << i;
                }
                s[d] = r0;
                s[d + 1] = r1;
            }
            case 0x0E -> { // i8x16.swizzle: indexes from b select bytes of a, 0 when out of range
                long r0 = 0, r1 = 0;
                for (int i = 0; i < 64; i += 8) {
                    int i0 = (int) (b0 >>> i) & 0xFF, i1 = (int) (b1 >>> i) & 0xFF;
                    if (i0 < 16) r0 |= pick(a0, a1, 0, 0, i0) << i;
                    if (i1 < 16) r1 |= pick(a0, a1, 0, 0, i1) << i;
                }
                s[d] = r0;
                s[d + 1] = r1;
            }
            case 0x65, 0x66 -> { // i8x16.narrow_i16x8_s/u
                boolean signed = sub == 0x65;
                s[d] = narrow16(a0, signed) | narrow16(a1, signed) << 32;
                s[d + 1] = narrow16(b0, signed) | narrow16(b1, signed) << 32;
            }
            case 0x85, 0x86 -> { // i16x8.narrow_i32x4_s/u
                boolean signed = sub == 0x85;
                s[d] = narrow32(a0, signed) | narrow32(a1, signed) << 32;
                s[d + 1] = narrow32(b0, signed) | narrow32(b1, signed) << 32;
            }
            default -> { // extmul: 0x9C..0x9F i16 from i8, 0xBC..0xBF i32 from i16, 0xDC..0xDF i64 from i32
                int k = sub & 0x03; // 0: low signed, 1: high signed, 2: low unsigned, 3: high unsigned
                long x = (k & 1) == 0 ? a0 : a1, y = (k & 1) == 0 ? b0 : b1;
                boolean signed = k < 2;
                int bits = sub < 0xA0 ? 8 : sub < 0xC0 ? 16 : 32;
                s[d] = extmul(x, y, bits, signed);
                s[d + 1] = extmul(x >>> 32, y >>> 32, bits, signed);
            }
        }
    }

    /** Byte {@code i} of the 32-byte concatenation a0 a1 b0 b1. */
    private static long pick(long a0, long a1, long b0, long b1, int i) {
        long half = i < 16 ? ((i & 8) == 0 ? a0 : a1) : ((i & 8) == 0 ? b0 : b1);
        return (half >>> ((i & 7) << 3)) & 0xFF;
    }

    private static boolean allTrue(long x, long mask, int bits) {
        for (int i = 0; i < 64; i += bits) {
            if (((x >>> i) & mask) == 0) return false;
        }
        return true;
    }

    /** The top bit of each lane of one half, lane 0 in bit 0. */
    private static int bitmask(long x, int bits) {
        int r = 0;
        for (int i = bits - 1, k = 0; i < 64; i += bits, k++) r |= (int) ((x >>> i) & 1) << k;
        return r;
    }

    /** The low 32 bits of x as lanes of {@code bits}, each widened to twice its size (a 64-bit half). */
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

    private static long extmul(long x, long y, int bits, boolean signed) {
        if (bits == 32) return signed ? (long) (int) x * (int) y : (x & LO32) * (y & LO32);
        long r = 0;
        int lanes = 32 / bits;
        long mask = (1L << bits) - 1;
        for (int i = 0; i < lanes; i++) {
            long a = (x >>> (i * bits)) & mask, b = (y >>> (i * bits)) & mask;
            if (signed) {
                a = (a << (64 - bits)) >> (64 - bits);
                b = (b << (64 - bits)) >> (64 - bits);
            }
            r |= ((a * b) & ((1L << (2 * bits)) - 1)) << (i * 2 * bits);
        }
        return r;
    }

    /** Four signed i16 lanes saturated to i8 (or u8): 32 bits. */
    private static long narrow16(long x, boolean signed) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int v = (short) (x >>> (i * 16));
            v = signed ? Math.clamp(v, -128, 127) : Math.clamp(v, 0, 255);
            r |= (v & 0xFFL) << (i * 8);
        }
        return r;
    }

    /** Two signed i32 lanes saturated to i16 (or u16): 32 bits. */
    private static long narrow32(long x, boolean signed) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            int v = (int) (x >>> (i * 32));
            v = signed ? Math.clamp(v, -32768, 32767) : Math.clamp(v, 0, 65535);
            r |= (v & 0xFFFFL) << (i * 16);
        }
        return r;
    }

    /** extadd_pairwise on one half: adjacent lane pairs summed into lanes of twice the width. */
    static long extaddPairwise(int sub, long x) {
        boolean signed = (sub & 1) == 0;
        int bits = sub < 0x7E ? 8 : 16;
        long mask = (1L << bits) - 1;
        long r = 0;
        for (int i = 0, k = 0; i < 64; i += 2 * bits, k++) {
            long a = (x >>> i) & mask, b = (x >>> (i + bits)) & mask;
            if (signed) {
                a = (a << (64 - bits)) >> (64 - bits);
                b = (b << (64 - bits)) >> (64 - bits);
            }
            r |= ((a + b) & ((1L << (2 * bits)) - 1)) << (k * 2 * bits);
        }
        return r;
    }

    /** i32x4.dot_i16x8_s on one half: two i32 lanes, each the sum of two signed i16 products (wrapping). */
    static long dotHalf(long x, long y) {
        int lo = (short) x * (short) y + (short) (x >>> 16) * (short) (y >>> 16);
        int hi = (short) (x >>> 32) * (short) (y >>> 32) + (short) (x >>> 48) * (short) (y >>> 48);
        return (lo & LO32) | ((long) hi << 32);
    }
}
