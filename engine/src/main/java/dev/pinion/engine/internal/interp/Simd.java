package dev.pinion.engine.internal.interp;

import java.lang.foreign.MemorySegment;

/**
 * The SIMD instructions ({@link Op#V128}): a v128 is two frame slots, the low 64 bits (lanes 0..) in the first,
 * lanes in little-endian order as in memory. Most instructions work lane by lane, and no lane crosses the middle
 * of the vector, so they run as the same 64-bit operation on each half ({@link #unaryHalf}, {@link #binaryHalf});
 * the few that mix halves (narrow, extend, extmul, shuffles, reductions) are in {@link SimdCross}, memory access in
 * {@link SimdMemory}. Nothing here allocates. Every method stays well under HotSpot's 8000-byte limit for
 * compilation: one big switch over all 236 instructions would not.
 *
 * <p>Operand layout after {@code V128 length sub}: the destination slot (if the instruction has a result), then the
 * source slots bottom first, then immediates (see {@code Lowerer.simd}).
 */
final class Simd {
    private Simd() {}

    private static final byte UNARY = 1, BINARY = 2, SHIFT = 3, MEMORY = 4, LANES = 5, CROSS = 6;
    private static final byte[] KIND = new byte[Op.V_SELECT + 1];

    static final long H8 = 0x8080_8080_8080_8080L, H16 = 0x8000_8000_8000_8000L, H32 = 0x8000_0000_8000_0000L;
    static final long LO32 = 0xFFFF_FFFFL;

    static {
        for (int sub = 0; sub < 256; sub++) {
            dev.pinion.engine.internal.binary.Opcodes.Info info =
                    dev.pinion.engine.internal.binary.Opcodes.info(0xFD00 + sub);
            if (info == null) continue;
            // most instructions: a lane-wise v128 -> v128 or v128 x v128 -> v128 operation
            KIND[sub] = info.pops().length == 1 ? UNARY : BINARY;
        }
        for (int sub = 0x00; sub <= 0x0B; sub++) KIND[sub] = MEMORY;
        for (int sub = 0x54; sub <= 0x5D; sub++) KIND[sub] = MEMORY;
        for (int sub = 0x0C; sub <= 0x22; sub++) KIND[sub] = LANES;
        KIND[Op.V_SELECT] = LANES;
        for (int sub : new int[] {0x6B, 0x6C, 0x6D, 0x8B, 0x8C, 0x8D, 0xAB, 0xAC, 0xAD, 0xCB, 0xCC, 0xCD}) {
            KIND[sub] = SHIFT;
        }
        for (int sub : new int[] {0x0D, 0x0E, 0x52, 0x53, 0x5E, 0x5F, 0x63, 0x64, 0x65, 0x66, 0x83, 0x84, 0x85, 0x86,
                0x87, 0x88, 0x89, 0x8A, 0x9C, 0x9D, 0x9E, 0x9F, 0xA3, 0xA4, 0xA7, 0xA8, 0xA9, 0xAA, 0xBC, 0xBD, 0xBE,
                0xBF, 0xC3, 0xC4, 0xC7, 0xC8, 0xC9, 0xCA, 0xDC, 0xDD, 0xDE, 0xDF, 0xFC, 0xFD, 0xFE, 0xFF}) {
            KIND[sub] = CROSS;
        }
    }

    /**
     * For tier 2: 1, 2 or 3 if {@code sub} is a lane-wise unary, binary or shift instruction (run as
     * {@link #unaryHalf}, {@link #binaryHalf}, {@link #shiftHalf} on each half), else 0.
     */
    static int laneWiseKind(int sub) {
        byte k = sub < KIND.length ? KIND[sub] : 0;
        return k == UNARY || k == BINARY || k == SHIFT ? k : 0;
    }

    static void run(int[] code, int pc, long[] s, int fp, MemorySegment mem) {
        int sub = code[pc + 2];
        switch (KIND[sub]) {
            case BINARY -> {
                int d = fp + code[pc + 3], a = fp + code[pc + 4], b = fp + code[pc + 5];
                long a0 = s[a], a1 = s[a + 1], b0 = s[b], b1 = s[b + 1];
                s[d] = binaryHalf(sub, a0, b0);
                s[d + 1] = binaryHalf(sub, a1, b1);
            }
            case UNARY -> {
                int d = fp + code[pc + 3], a = fp + code[pc + 4];
                long a0 = s[a], a1 = s[a + 1];
                s[d] = unaryHalf(sub, a0);
                s[d + 1] = unaryHalf(sub, a1);
            }
            case SHIFT -> {
                int d = fp + code[pc + 3], a = fp + code[pc + 4];
                int n = (int) s[fp + code[pc + 5]];
                long a0 = s[a], a1 = s[a + 1];
                s[d] = shiftHalf(sub, a0, n);
                s[d + 1] = shiftHalf(sub, a1, n);
            }
            case MEMORY -> SimdMemory.run(sub, code, pc + 3, s, fp, mem);
            case LANES -> lanes(sub, code, pc + 3, s, fp);
            case CROSS -> SimdCross.run(sub, code, pc + 3, s, fp);
            default -> throw new IllegalStateException("bad SIMD sub-opcode 0x" + Integer.toHexString(sub));
        }
    }

    // ---- constants, splats, lanes, select ----

    private static void lanes(int sub, int[] code, int o, long[] s, int fp) {
        int d = fp + code[o];
        switch (sub) {
            case 0x0C -> { // v128.const: lo as two ints, hi as two ints
                s[d] = (code[o + 1] & LO32) | ((long) code[o + 2] << 32);
                s[d + 1] = (code[o + 3] & LO32) | ((long) code[o + 4] << 32);
            }
            case 0x0F -> splat(s, d, (s[fp + code[o + 1]] & 0xFF) * 0x0101_0101_0101_0101L);
            case 0x10 -> splat(s, d, (s[fp + code[o + 1]] & 0xFFFF) * 0x0001_0001_0001_0001L);
            case 0x11, 0x13 -> splat(s, d, (s[fp + code[o + 1]] & LO32) * 0x0000_0001_0000_0001L);
            case 0x12, 0x14 -> splat(s, d, s[fp + code[o + 1]]);
            case Op.V_SELECT -> {
                int a = fp + code[o + 1], b = fp + code[o + 2];
                int src = (int) s[fp + code[o + 3]] != 0 ? a : b;
                long lo = s[src], hi = s[src + 1];
                s[d] = lo;
                s[d + 1] = hi;
            }
            default -> lane(sub, code, o, s, fp, d);
        }
    }

    private static void splat(long[] s, int d, long half) {
        s[d] = half;
        s[d + 1] = half;
    }

    /** extract_lane and replace_lane (0x15..0x22): operands d a [b] lane. */
    private static void lane(int sub, int[] code, int o, long[] s, int fp, int d) {
        int a = fp + code[o + 1];
        boolean replace = sub == 0x17 || sub == 0x1A || sub == 0x1C || sub == 0x1E || sub == 0x20 || sub == 0x22;
        int laneIdx = code[o + (replace ? 3 : 2)];
        int bits = switch (sub) {
            case 0x15, 0x16, 0x17 -> 8;
            case 0x18, 0x19, 0x1A -> 16;
            case 0x1B, 0x1C, 0x1F, 0x20 -> 32;
            default -> 64;
        };
        int bitPos = laneIdx * bits;
        int half = bitPos >>> 6;
        int shift = bitPos & 63;
        long mask = bits == 64 ? -1L : ((1L << bits) - 1);
        if (!replace) {
            long v = (s[a + half] >>> shift) & mask;
            s[d] = switch (sub) {
                case 0x15 -> (byte) v;
                case 0x18 -> (short) v;
                case 0x1B -> (int) v;
                default -> v; // unsigned extracts, f32 bits (zero-extended), i64/f64
            };
            return;
        }
        long v = s[fp + code[o + 2]] & mask;
        long lo = s[a], hi = s[a + 1];
        if (half == 0) lo = (lo & ~(mask << shift)) | (v << shift);
        else hi = (hi & ~(mask << shift)) | (v << shift);
        s[d] = lo;
        s[d + 1] = hi;
    }

    // ---- lane-wise operations on one 64-bit half ----

    static long unaryHalf(int sub, long x) {
        return switch (sub) {
            case 0x4D -> ~x;
            case 0x60 -> map8(sub, x);
            case 0x61 -> (H8 - (x & ~H8)) ^ (~x & H8); // 0 - x per byte, as i8x16.sub with x = 0
            case 0x62 -> map8(sub, x);
            case 0x67, 0x68, 0x69, 0x6A, 0xE3 -> mapF32(sub, x);
            case 0x74 -> Ops.u9B(x);
            case 0x75 -> Ops.u9C(x);
            case 0x7A -> Ops.u9D(x);
            case 0x94 -> Ops.u9E(x);
            case 0xEF -> Ops.u9F(x);
            case 0x7C, 0x7D, 0x7E, 0x7F -> SimdCross.extaddPairwise(sub, x);
            case 0x80, 0x81 -> map16(sub, x);
            case 0xA0 -> (Math.abs((int) x) & LO32) | ((long) Math.abs((int) (x >>> 32)) << 32);
            case 0xA1 -> (-(int) x & LO32) | ((long) -(int) (x >>> 32) << 32);
            case 0xC0 -> Math.abs(x);
            case 0xC1 -> -x;
            case 0xE0 -> x & 0x7FFF_FFFF_7FFF_FFFFL;
            case 0xE1 -> x ^ H32;
            case 0xEC -> x & 0x7FFF_FFFF_FFFF_FFFFL;
            case 0xED -> x ^ Long.MIN_VALUE;
            case 0xF8 -> (Ops.i32TruncSatS(f32Lo(x)) & LO32) | ((long) Ops.i32TruncSatS(f32Hi(x)) << 32);
            case 0xF9 -> (Ops.i32TruncSatU(f32Lo(x)) & LO32) | ((long) Ops.i32TruncSatU(f32Hi(x)) << 32);
            case 0xFA -> f32Pair((float) (int) x, (float) (int) (x >>> 32));
            case 0xFB -> f32Pair(Ops.f32FromU32((int) x), Ops.f32FromU32((int) (x >>> 32)));
            default -> throw new IllegalStateException("not a lane-wise unary SIMD op: 0x" + Integer.toHexString(sub));
        };
    }

    static long binaryHalf(int sub, long x, long y) {
        return switch (sub) {
            case 0x4E -> x & y;
            case 0x4F -> x & ~y;
            case 0x50 -> x | y;
            case 0x51 -> x ^ y;
            // wrapping add/sub without carries across lanes: add the low bits, then fix each lane's top bit
            case 0x6E -> ((x & ~H8) + (y & ~H8)) ^ ((x ^ y) & H8);
            case 0x71 -> ((x | H8) - (y & ~H8)) ^ ((x ^ ~y) & H8);
            case 0x8E -> ((x & ~H16) + (y & ~H16)) ^ ((x ^ y) & H16);
            case 0x91 -> ((x | H16) - (y & ~H16)) ^ ((x ^ ~y) & H16);
            case 0xAE -> ((x & ~H32) + (y & ~H32)) ^ ((x ^ y) & H32);
            case 0xB1 -> ((x | H32) - (y & ~H32)) ^ ((x ^ ~y) & H32);
            case 0xCE -> x + y;
            case 0xD1 -> x - y;
            case 0xD5 -> x * y;
            case 0xB5 -> ((int) x * (int) y & LO32) | ((long) ((int) (x >>> 32) * (int) (y >>> 32)) << 32);
            case 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46 ->
                    zipF32(sub, x, y);
            case 0xF0 -> d(f64(x) + f64(y));
            case 0xF1 -> d(f64(x) - f64(y));
            case 0xF2 -> d(f64(x) * f64(y));
            case 0xF3 -> d(f64(x) / f64(y));
            case 0xF4 -> d(Ops.fmin(f64(x), f64(y)));
            case 0xF5 -> d(Ops.fmax(f64(x), f64(y)));
            case 0xF6 -> f64(y) < f64(x) ? y : x; // pmin: b < a ? b : a, bits untouched
            case 0xF7 -> f64(x) < f64(y) ? y : x; // pmax: a < b ? b : a
            case 0x47 -> f64(x) == f64(y) ? -1L : 0;
            case 0x48 -> f64(x) != f64(y) ? -1L : 0;
            case 0x49 -> f64(x) < f64(y) ? -1L : 0;
            case 0x4A -> f64(x) > f64(y) ? -1L : 0;
            case 0x4B -> f64(x) <= f64(y) ? -1L : 0;
            case 0x4C -> f64(x) >= f64(y) ? -1L : 0;
            case 0xD6 -> x == y ? -1L : 0;
            case 0xD7 -> x != y ? -1L : 0;
            case 0xD8 -> x < y ? -1L : 0;
            case 0xD9 -> x > y ? -1L : 0;
            case 0xDA -> x <= y ? -1L : 0;
            case 0xDB -> x >= y ? -1L : 0;
            case 0xBA -> SimdCross.dotHalf(x, y);
            default -> {
                if ((sub >= 0x23 && sub <= 0x2C) || (sub >= 0x6F && sub <= 0x7B)) yield zip8(sub, x, y);
                if ((sub >= 0x2D && sub <= 0x36) || (sub >= 0x82 && sub <= 0x9B)) yield zip16(sub, x, y);
                yield zip32(sub, x, y);
            }
        };
    }

    static long shiftHalf(int sub, long x, int n) {
        switch (sub) {
            case 0x6B -> {
                int k = n & 7;
                return (x << k) & ((0xFFL << k) & 0xFF) * 0x0101_0101_0101_0101L;
            }
            case 0x6D -> {
                int k = n & 7;
                return (x >>> k) & (0xFFL >>> k) * 0x0101_0101_0101_0101L;
            }
            case 0x8B -> {
                int k = n & 15;
                return (x << k) & ((0xFFFFL << k) & 0xFFFF) * 0x0001_0001_0001_0001L;
            }
            case 0x8D -> {
                int k = n & 15;
                return (x >>> k) & (0xFFFFL >>> k) * 0x0001_0001_0001_0001L;
            }
            case 0xAB -> {
                return ((int) x << n & LO32) | ((long) ((int) (x >>> 32) << n) << 32);
            }
            case 0xAC -> {
                return ((int) x >> n & LO32) | ((long) ((int) (x >>> 32) >> n) << 32);
            }
            case 0xAD -> {
                return ((int) x >>> n & LO32) | ((long) ((int) (x >>> 32) >>> n) << 32);
            }
            case 0xCB -> {
                return x << n;
            }
            case 0xCC -> {
                return x >> n;
            }
            case 0xCD -> {
                return x >>> n;
            }
            case 0x6C -> {
                int k = n & 7;
                long r = 0;
                for (int i = 0; i < 64; i += 8) r |= (((byte) (x >>> i) >> k) & 0xFFL) << i;
                return r;
            }
            default -> { // 0x8C i16x8.shr_s
                int k = n & 15;
                long r = 0;
                for (int i = 0; i < 64; i += 16) r |= (((short) (x >>> i) >> k) & 0xFFFFL) << i;
                return r;
            }
        }
    }

    // ---- per-lane helpers: the lane operation is chosen by the sub-opcode ----

    private static long map8(int sub, long x) {
        long r = 0;
        for (int i = 0; i < 64; i += 8) {
            int a = (byte) (x >>> i);
            int v = sub == 0x60 ? Math.abs(a) : Integer.bitCount(a & 0xFF);
            r |= (v & 0xFFL) << i;
        }
        return r;
    }

    private static long map16(int sub, long x) {
        long r = 0;
        for (int i = 0; i < 64; i += 16) {
            int a = (short) (x >>> i);
            int v = sub == 0x80 ? Math.abs(a) : -a;
            r |= (v & 0xFFFFL) << i;
        }
        return r;
    }

    private static long zip8(int sub, long x, long y) {
        long r = 0;
        for (int i = 0; i < 64; i += 8) {
            int a = (byte) (x >>> i), b = (byte) (y >>> i);
            r |= (lane8(sub, a, b) & 0xFFL) << i;
        }
        return r;
    }

    /** One i8 lane; a and b are the signed lane values. */
    private static int lane8(int sub, int a, int b) {
        int ua = a & 0xFF, ub = b & 0xFF;
        return switch (sub) {
            case 0x23 -> a == b ? -1 : 0;
            case 0x24 -> a != b ? -1 : 0;
            case 0x25 -> a < b ? -1 : 0;
            case 0x26 -> ua < ub ? -1 : 0;
            case 0x27 -> a > b ? -1 : 0;
            case 0x28 -> ua > ub ? -1 : 0;
            case 0x29 -> a <= b ? -1 : 0;
            case 0x2A -> ua <= ub ? -1 : 0;
            case 0x2B -> a >= b ? -1 : 0;
            case 0x2C -> ua >= ub ? -1 : 0;
            case 0x6F -> Math.clamp(a + b, -128, 127);
            case 0x70 -> Math.min(ua + ub, 255);
            case 0x72 -> Math.clamp(a - b, -128, 127);
            case 0x73 -> Math.max(ua - ub, 0);
            case 0x76 -> Math.min(a, b);
            case 0x77 -> Math.min(ua, ub);
            case 0x78 -> Math.max(a, b);
            case 0x79 -> Math.max(ua, ub);
            case 0x7B -> (ua + ub + 1) >>> 1;
            default -> throw new IllegalStateException("not an i8x16 op: 0x" + Integer.toHexString(sub));
        };
    }

    private static long zip16(int sub, long x, long y) {
        long r = 0;
        for (int i = 0; i < 64; i += 16) {
            int a = (short) (x >>> i), b = (short) (y >>> i);
            r |= (lane16(sub, a, b) & 0xFFFFL) << i;
        }
        return r;
    }

    private static int lane16(int sub, int a, int b) {
        int ua = a & 0xFFFF, ub = b & 0xFFFF;
        return switch (sub) {
            case 0x2D -> a == b ? -1 : 0;
            case 0x2E -> a != b ? -1 : 0;
            case 0x2F -> a < b ? -1 : 0;
            case 0x30 -> ua < ub ? -1 : 0;
            case 0x31 -> a > b ? -1 : 0;
            case 0x32 -> ua > ub ? -1 : 0;
            case 0x33 -> a <= b ? -1 : 0;
            case 0x34 -> ua <= ub ? -1 : 0;
            case 0x35 -> a >= b ? -1 : 0;
            case 0x36 -> ua >= ub ? -1 : 0;
            case 0x82 -> Math.clamp((a * b + 0x4000) >> 15, -32768, 32767);
            case 0x8F -> Math.clamp(a + b, -32768, 32767);
            case 0x90 -> Math.min(ua + ub, 65535);
            case 0x92 -> Math.clamp(a - b, -32768, 32767);
            case 0x93 -> Math.max(ua - ub, 0);
            case 0x95 -> a * b;
            case 0x96 -> Math.min(a, b);
            case 0x97 -> Math.min(ua, ub);
            case 0x98 -> Math.max(a, b);
            case 0x99 -> Math.max(ua, ub);
            case 0x9B -> (ua + ub + 1) >>> 1;
            default -> throw new IllegalStateException("not an i16x8 op: 0x" + Integer.toHexString(sub));
        };
    }

    private static long zip32(int sub, long x, long y) {
        return (lane32(sub, (int) x, (int) y) & LO32) | ((long) lane32(sub, (int) (x >>> 32), (int) (y >>> 32)) << 32);
    }

    private static int lane32(int sub, int a, int b) {
        return switch (sub) {
            case 0x37 -> a == b ? -1 : 0;
            case 0x38 -> a != b ? -1 : 0;
            case 0x39 -> a < b ? -1 : 0;
            case 0x3A -> Integer.compareUnsigned(a, b) < 0 ? -1 : 0;
            case 0x3B -> a > b ? -1 : 0;
            case 0x3C -> Integer.compareUnsigned(a, b) > 0 ? -1 : 0;
            case 0x3D -> a <= b ? -1 : 0;
            case 0x3E -> Integer.compareUnsigned(a, b) <= 0 ? -1 : 0;
            case 0x3F -> a >= b ? -1 : 0;
            case 0x40 -> Integer.compareUnsigned(a, b) >= 0 ? -1 : 0;
            case 0xB6 -> Math.min(a, b);
            case 0xB7 -> Integer.compareUnsigned(a, b) <= 0 ? a : b;
            case 0xB8 -> Math.max(a, b);
            case 0xB9 -> Integer.compareUnsigned(a, b) >= 0 ? a : b;
            default -> throw new IllegalStateException("not an i32x4 op: 0x" + Integer.toHexString(sub));
        };
    }

    private static long mapF32(int sub, long x) {
        int op = switch (sub) {
            case 0x67 -> 0x8D; // ceil
            case 0x68 -> 0x8E; // floor
            case 0x69 -> 0x8F; // trunc
            case 0x6A -> 0x90; // nearest
            default -> 0x91;   // sqrt
        };
        return (Ops.unary(op, x & LO32) & LO32) | (Ops.unary(op, x >>> 32) << 32);
    }

    private static long zipF32(int sub, long x, long y) {
        return (laneF32(sub, (int) x, (int) y) & LO32) | ((long) laneF32(sub, (int) (x >>> 32), (int) (y >>> 32)) << 32);
    }

    /** One f32 lane on raw bits. */
    private static int laneF32(int sub, int ab, int bb) {
        float a = Float.intBitsToFloat(ab), b = Float.intBitsToFloat(bb);
        return switch (sub) {
            case 0xE4 -> Float.floatToRawIntBits(a + b);
            case 0xE5 -> Float.floatToRawIntBits(a - b);
            case 0xE6 -> Float.floatToRawIntBits(a * b);
            case 0xE7 -> Float.floatToRawIntBits(a / b);
            case 0xE8 -> Float.floatToRawIntBits(Ops.fmin(a, b));
            case 0xE9 -> Float.floatToRawIntBits(Ops.fmax(a, b));
            case 0xEA -> b < a ? bb : ab;
            case 0xEB -> a < b ? bb : ab;
            case 0x41 -> a == b ? -1 : 0;
            case 0x42 -> a != b ? -1 : 0;
            case 0x43 -> a < b ? -1 : 0;
            case 0x44 -> a > b ? -1 : 0;
            case 0x45 -> a <= b ? -1 : 0;
            default -> a >= b ? -1 : 0; // 0x46
        };
    }

    static double f32Lo(long x) {
        return Float.intBitsToFloat((int) x);
    }

    static double f32Hi(long x) {
        return Float.intBitsToFloat((int) (x >>> 32));
    }

    static long f32Pair(float lo, float hi) {
        return (Float.floatToRawIntBits(lo) & LO32) | ((long) Float.floatToRawIntBits(hi) << 32);
    }

    static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
