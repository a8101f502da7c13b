package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;

/**
 * Numeric semantics of the Wasm opcodes that are more than one Java operator: float min/max/nearest, trapping and
 * saturating float-to-int conversions, unsigned conversions. The one place these rules live; the interpreter,
 * constant evaluation and tests all call here.
 */
public final class Ops {
    private Ops() {}

    // ---- integer division (traps) ----

    public static int i32DivS(int a, int b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        if (a == Integer.MIN_VALUE && b == -1) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return a / b;
    }

    public static int i32DivU(int a, int b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.divideUnsigned(a, b);
    }

    public static int i32RemS(int a, int b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return b == -1 ? 0 : a % b;
    }

    public static int i32RemU(int a, int b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.remainderUnsigned(a, b);
    }

    public static long i64DivS(long a, long b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        if (a == Long.MIN_VALUE && b == -1) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return a / b;
    }

    public static long i64DivU(long a, long b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return Long.divideUnsigned(a, b);
    }

    public static long i64RemS(long a, long b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return b == -1 ? 0 : a % b;
    }

    public static long i64RemU(long a, long b) {
        if (b == 0) throw Traps.of(Trap.Kind.INTEGER_DIVIDE_BY_ZERO);
        return Long.remainderUnsigned(a, b);
    }

    // ---- float min/max/nearest/copysign: Wasm propagates NaN and orders -0 < +0 ----

    public static float fmin(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) return Float.NaN;
        return Math.min(a, b); // Math.min already orders -0.0 below +0.0
    }

    public static float fmax(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) return Float.NaN;
        return Math.max(a, b);
    }

    public static double fmin(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.NaN;
        return Math.min(a, b);
    }

    public static double fmax(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.NaN;
        return Math.max(a, b);
    }

    public static float nearest(float a) {
        return (float) Math.rint(a); // exact: every float is a double, rint rounds half to even and keeps -0
    }

    public static double nearest(double a) {
        return Math.rint(a);
    }

    public static int copysign(int aBits, int bBits) {
        return (aBits & 0x7FFF_FFFF) | (bBits & 0x8000_0000);
    }

    public static long copysign(long aBits, long bBits) {
        return (aBits & 0x7FFF_FFFF_FFFF_FFFFL) | (bBits & 0x8000_0000_0000_0000L);
    }

    // ---- trapping float -> int ----

    public static int i32TruncS(double d) {
        if (Double.isNaN(d)) throw Traps.of(Trap.Kind.INVALID_CONVERSION);
        if (d <= -2147483649.0 || d >= 2147483648.0) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return (int) d;
    }

    public static int i32TruncU(double d) {
        if (Double.isNaN(d)) throw Traps.of(Trap.Kind.INVALID_CONVERSION);
        if (d <= -1.0 || d >= 4294967296.0) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return (int) (long) d;
    }

    public static long i64TruncS(double d) {
        if (Double.isNaN(d)) throw Traps.of(Trap.Kind.INVALID_CONVERSION);
        if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return (long) d;
    }

    public static long i64TruncU(double d) {
        if (Double.isNaN(d)) throw Traps.of(Trap.Kind.INVALID_CONVERSION);
        if (d <= -1.0 || d >= 18446744073709551616.0) throw Traps.of(Trap.Kind.INTEGER_OVERFLOW);
        return truncSatU64(d);
    }

    // ---- saturating float -> int (NaN -> 0) ----

    public static int i32TruncSatS(double d) {
        return (int) d; // Java's narrowing already saturates and maps NaN to 0
    }

    public static int i32TruncSatU(double d) {
        if (Double.isNaN(d) || d <= 0) return 0;
        if (d >= 4294967295.0) return -1;
        return (int) (long) d;
    }

    public static long i64TruncSatS(double d) {
        return (long) d;
    }

    public static long truncSatU64(double d) {
        if (Double.isNaN(d) || d <= 0) return 0;
        if (d >= 18446744073709551616.0) return -1L;
        if (d < 9223372036854775808.0) return (long) d;
        return (long) (d - 9223372036854775808.0) ^ Long.MIN_VALUE;
    }

    // ---- unsigned int -> float ----

    public static float f32FromU64(long v) {
        if (v >= 0) return (float) v;
        // halve keeping the sticky bit so the single rounding to float stays correct
        float f = (float) ((v >>> 1) | (v & 1));
        return f * 2f;
    }

    public static double f64FromU64(long v) {
        if (v >= 0) return (double) v;
        double d = (double) ((v >>> 1) | (v & 1));
        return d * 2.0;
    }

    public static float f32FromU32(int v) {
        return (float) (v & 0xFFFF_FFFFL);
    }

    public static double f64FromU32(int v) {
        return (double) (v & 0xFFFF_FFFFL);
    }

    // ---- rare numeric ops dispatched by Wasm opcode (kept out of the interpreter's hot loop) ----

    /** A one-operand numeric instruction on raw bits. */
    public static long unary(int op, long x) {
        return switch (op) {
            case 0x67 -> u67(x);
            case 0x68 -> u68(x);
            case 0x69 -> u69(x);
            case 0x79 -> u79(x);
            case 0x7A -> u7A(x);
            case 0x7B -> u7B(x);
            case 0x8B -> u8B(x);
            case 0x8C -> u8C(x);
            case 0x8D -> u8D(x);
            case 0x8E -> u8E(x);
            case 0x8F -> u8F(x);
            case 0x90 -> u90(x);
            case 0x91 -> u91(x);
            case 0x99 -> u99(x);
            case 0x9A -> u9A(x);
            case 0x9B -> u9B(x);
            case 0x9C -> u9C(x);
            case 0x9D -> u9D(x);
            case 0x9E -> u9E(x);
            case 0x9F -> u9F(x);
            case 0xA7 -> uA7(x);
            case 0xA8 -> uA8(x);
            case 0xA9 -> uA9(x);
            case 0xAA -> uAA(x);
            case 0xAB -> uAB(x);
            case 0xAC -> uAC(x);
            case 0xAD -> uAD(x);
            case 0xAE -> uAE(x);
            case 0xAF -> uAF(x);
            case 0xB0 -> uB0(x);
            case 0xB1 -> uB1(x);
            case 0xB2 -> uB2(x);
            case 0xB3 -> uB3(x);
            case 0xB4 -> uB4(x);
            case 0xB5 -> uB5(x);
            case 0xB6 -> uB6(x);
            case 0xB7 -> uB7(x);
            case 0xB8 -> uB8(x);
            case 0xB9 -> uB9(x);
            case 0xBA -> uBA(x);
            case 0xBB -> uBB(x);
            case 0xBC -> uBC(x);
            case 0xBE -> uBE(x);
            case 0xBD -> uBD(x);
            case 0xBF -> uBF(x);
            case 0xC0 -> uC0(x);
            case 0xC1 -> uC1(x);
            case 0xC2 -> uC2(x);
            case 0xC3 -> uC3(x);
            case 0xC4 -> uC4(x);
            case 0xFC00 -> uFC00(x);
            case 0xFC01 -> uFC01(x);
            case 0xFC02 -> uFC02(x);
            case 0xFC03 -> uFC03(x);
            case 0xFC04 -> uFC04(x);
            case 0xFC05 -> uFC05(x);
            case 0xFC06 -> uFC06(x);
            case 0xFC07 -> uFC07(x);
            default -> throw new IllegalStateException("not a unary op: 0x" + Integer.toHexString(op));
        };
    }

    // One method per opcode (uXX: unary, named by the Wasm opcode in hex): the switch above is the interpreter's
    // dispatch; tier 2 calls the method of the opcode it compiles, which C2 inlines where a call of the whole
    // switch (too large to inline) would cost a call and a table jump per instruction.
    public static long u67(long x) { int i = (int) x; return Integer.numberOfLeadingZeros(i); }
    public static long u68(long x) { int i = (int) x; return Integer.numberOfTrailingZeros(i); }
    public static long u69(long x) { int i = (int) x; return Integer.bitCount(i); }
    public static long u79(long x) { return Long.numberOfLeadingZeros(x); }
    public static long u7A(long x) { return Long.numberOfTrailingZeros(x); }
    public static long u7B(long x) { return Long.bitCount(x); }
    public static long u8B(long x) { int i = (int) x; return i & 0x7FFF_FFFF; }
    public static long u8C(long x) { int i = (int) x; return i ^ 0x8000_0000; }
    public static long u8D(long x) { int i = (int) x; return quietF(i, f32((float) Math.ceil(f32(i)))); }
    public static long u8E(long x) { int i = (int) x; return quietF(i, f32((float) Math.floor(f32(i)))); }
    public static long u8F(long x) { int i = (int) x; return quietF(i, f32(truncF(f32(i)))); }
    public static long u90(long x) { int i = (int) x; return quietF(i, f32(nearest(f32(i)))); }
    public static long u91(long x) { int i = (int) x; return quietF(i, f32((float) Math.sqrt(f32(i)))); }
    public static long u99(long x) { return x & 0x7FFF_FFFF_FFFF_FFFFL; }
    public static long u9A(long x) { return x ^ 0x8000_0000_0000_0000L; }
    public static long u9B(long x) { return quietD(x, f64(Math.ceil(f64(x)))); }
    public static long u9C(long x) { return quietD(x, f64(Math.floor(f64(x)))); }
    public static long u9D(long x) { return quietD(x, f64(truncD(f64(x)))); }
    public static long u9E(long x) { return quietD(x, f64(nearest(f64(x)))); }
    public static long u9F(long x) { return quietD(x, f64(Math.sqrt(f64(x)))); }
    public static long uA7(long x) { int i = (int) x; return i; }
    public static long uA8(long x) { int i = (int) x; return i32TruncS(f32(i)); }
    public static long uA9(long x) { int i = (int) x; return i32TruncU(f32(i)); }
    public static long uAA(long x) { return i32TruncS(f64(x)); }
    public static long uAB(long x) { return i32TruncU(f64(x)); }
    public static long uAC(long x) { int i = (int) x; return (long) i; }
    public static long uAD(long x) { return x & 0xFFFF_FFFFL; }
    public static long uAE(long x) { int i = (int) x; return i64TruncS(f32(i)); }
    public static long uAF(long x) { int i = (int) x; return i64TruncU(f32(i)); }
    public static long uB0(long x) { return i64TruncS(f64(x)); }
    public static long uB1(long x) { return i64TruncU(f64(x)); }
    public static long uB2(long x) { int i = (int) x; return f32((float) i); }
    public static long uB3(long x) { int i = (int) x; return f32(f32FromU32(i)); }
    public static long uB4(long x) { return f32((float) x); }
    public static long uB5(long x) { return f32(f32FromU64(x)); }
    public static long uB6(long x) { return f32((float) f64(x)); }
    public static long uB7(long x) { int i = (int) x; return f64((double) i); }
    public static long uB8(long x) { int i = (int) x; return f64(f64FromU32(i)); }
    public static long uB9(long x) { return f64((double) x); }
    public static long uBA(long x) { return f64(f64FromU64(x)); }
    public static long uBB(long x) { int i = (int) x; return f64((double) f32(i)); }
    public static long uBC(long x) { return x & 0xFFFF_FFFFL; }
    public static long uBE(long x) { return x & 0xFFFF_FFFFL; }
    public static long uBD(long x) { return x; }
    public static long uBF(long x) { return x; }
    public static long uC0(long x) { int i = (int) x; return (long) (byte) i; }
    public static long uC1(long x) { int i = (int) x; return (long) (short) i; }
    public static long uC2(long x) { return (long) (byte) x; }
    public static long uC3(long x) { return (long) (short) x; }
    public static long uC4(long x) { return (long) (int) x; }
    public static long uFC00(long x) { int i = (int) x; return i32TruncSatS(f32(i)); }
    public static long uFC01(long x) { int i = (int) x; return i32TruncSatU(f32(i)); }
    public static long uFC02(long x) { return i32TruncSatS(f64(x)); }
    public static long uFC03(long x) { return i32TruncSatU(f64(x)); }
    public static long uFC04(long x) { int i = (int) x; return i64TruncSatS(f32(i)); }
    public static long uFC05(long x) { int i = (int) x; return truncSatU64(f32(i)); }
    public static long uFC06(long x) { return i64TruncSatS(f64(x)); }
    public static long uFC07(long x) { return truncSatU64(f64(x)); }

    /** A two-operand numeric instruction on raw bits. */
    public static long binary(int op, long x, long y) {
        return switch (op) {
            case 0x6D -> b6D(x, y);
            case 0x6E -> b6E(x, y);
            case 0x6F -> b6F(x, y);
            case 0x70 -> b70(x, y);
            case 0x77 -> b77(x, y);
            case 0x78 -> b78(x, y);
            case 0x7F -> b7F(x, y);
            case 0x80 -> b80(x, y);
            case 0x81 -> b81(x, y);
            case 0x82 -> b82(x, y);
            case 0x89 -> b89(x, y);
            case 0x8A -> b8A(x, y);
            case 0x96 -> b96(x, y);
            case 0x97 -> b97(x, y);
            case 0x98 -> b98(x, y);
            case 0xA4 -> bA4(x, y);
            case 0xA5 -> bA5(x, y);
            case 0xA6 -> bA6(x, y);
            case 0x5B -> b5B(x, y);
            case 0x5C -> b5C(x, y);
            case 0x5D -> b5D(x, y);
            case 0x5E -> b5E(x, y);
            case 0x5F -> b5F(x, y);
            case 0x60 -> b60(x, y);
            case 0x92 -> b92(x, y);
            case 0x93 -> b93(x, y);
            case 0x94 -> b94(x, y);
            case 0x95 -> b95(x, y);
            default -> throw new IllegalStateException("not a binary op: 0x" + Integer.toHexString(op));
        };
    }

    // One method per opcode (bXX: binary), for the same reason.
    public static long b6D(long x, long y) { int a = (int) x, b = (int) y; return i32DivS(a, b); }
    public static long b6E(long x, long y) { int a = (int) x, b = (int) y; return i32DivU(a, b); }
    public static long b6F(long x, long y) { int a = (int) x, b = (int) y; return i32RemS(a, b); }
    public static long b70(long x, long y) { int a = (int) x, b = (int) y; return i32RemU(a, b); }
    public static long b77(long x, long y) { int a = (int) x, b = (int) y; return Integer.rotateLeft(a, b); }
    public static long b78(long x, long y) { int a = (int) x, b = (int) y; return Integer.rotateRight(a, b); }
    public static long b7F(long x, long y) { return i64DivS(x, y); }
    public static long b80(long x, long y) { return i64DivU(x, y); }
    public static long b81(long x, long y) { return i64RemS(x, y); }
    public static long b82(long x, long y) { return i64RemU(x, y); }
    public static long b89(long x, long y) { return Long.rotateLeft(x, (int) y); }
    public static long b8A(long x, long y) { return Long.rotateRight(x, (int) y); }
    public static long b96(long x, long y) { int a = (int) x, b = (int) y; return f32(fmin(f32(a), f32(b))); }
    public static long b97(long x, long y) { int a = (int) x, b = (int) y; return f32(fmax(f32(a), f32(b))); }
    public static long b98(long x, long y) { int a = (int) x, b = (int) y; return copysign(a, b) & 0xFFFF_FFFFL; }
    public static long bA4(long x, long y) { return f64(fmin(f64(x), f64(y))); }
    public static long bA5(long x, long y) { return f64(fmax(f64(x), f64(y))); }
    public static long bA6(long x, long y) { return copysign(x, y); }
    public static long b5B(long x, long y) { int a = (int) x, b = (int) y; return f32(a) == f32(b) ? 1 : 0; }
    public static long b5C(long x, long y) { int a = (int) x, b = (int) y; return f32(a) != f32(b) ? 1 : 0; }
    public static long b5D(long x, long y) { int a = (int) x, b = (int) y; return f32(a) < f32(b) ? 1 : 0; }
    public static long b5E(long x, long y) { int a = (int) x, b = (int) y; return f32(a) > f32(b) ? 1 : 0; }
    public static long b5F(long x, long y) { int a = (int) x, b = (int) y; return f32(a) <= f32(b) ? 1 : 0; }
    public static long b60(long x, long y) { int a = (int) x, b = (int) y; return f32(a) >= f32(b) ? 1 : 0; }
    public static long b92(long x, long y) { int a = (int) x, b = (int) y; return f32(f32(a) + f32(b)); }
    public static long b93(long x, long y) { int a = (int) x, b = (int) y; return f32(f32(a) - f32(b)); }
    public static long b94(long x, long y) { int a = (int) x, b = (int) y; return f32(f32(a) * f32(b)); }
    public static long b95(long x, long y) { int a = (int) x, b = (int) y; return f32(f32(a) / f32(b)); }

    /**
     * Wasm requires an arithmetic (quiet) NaN from rounding ops; Java's Math.floor and friends return a NaN
     * argument unchanged, signalling bit pattern included, so set the quiet bit ourselves.
     */
    private static long quietF(int in, long out) {
        return Float.isNaN(f32(in)) ? (in | 0x0040_0000) & 0xFFFF_FFFFL : out;
    }

    private static long quietD(long in, long out) {
        return Double.isNaN(f64(in)) ? in | 0x0008_0000_0000_0000L : out;
    }

    private static float truncF(float f) {
        return (float) truncD(f);
    }

    private static double truncD(double d) {
        return d < 0 ? Math.ceil(d) : Math.floor(d);
    }

    static float f32(int bits) {
        return Float.intBitsToFloat(bits);
    }

    static long f32(float f) {
        return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
    }

    static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static long f64(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
