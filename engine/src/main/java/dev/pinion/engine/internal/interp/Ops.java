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
        int i = (int) x;
        return switch (op) {
            case 0x67 -> Integer.numberOfLeadingZeros(i);
            case 0x68 -> Integer.numberOfTrailingZeros(i);
            case 0x69 -> Integer.bitCount(i);
            case 0x79 -> Long.numberOfLeadingZeros(x);
            case 0x7A -> Long.numberOfTrailingZeros(x);
            case 0x7B -> Long.bitCount(x);
            case 0x8B -> i & 0x7FFF_FFFF;
            case 0x8C -> i ^ 0x8000_0000;
            case 0x8D -> quietF(i, f32((float) Math.ceil(f32(i))));
            case 0x8E -> quietF(i, f32((float) Math.floor(f32(i))));
            case 0x8F -> quietF(i, f32(truncF(f32(i))));
            case 0x90 -> quietF(i, f32(nearest(f32(i))));
            case 0x91 -> quietF(i, f32((float) Math.sqrt(f32(i))));
            case 0x99 -> x & 0x7FFF_FFFF_FFFF_FFFFL;
            case 0x9A -> x ^ 0x8000_0000_0000_0000L;
            case 0x9B -> quietD(x, f64(Math.ceil(f64(x))));
            case 0x9C -> quietD(x, f64(Math.floor(f64(x))));
            case 0x9D -> quietD(x, f64(truncD(f64(x))));
            case 0x9E -> quietD(x, f64(nearest(f64(x))));
            case 0x9F -> quietD(x, f64(Math.sqrt(f64(x))));
            case 0xA7 -> i;
            case 0xA8 -> i32TruncS(f32(i));
            case 0xA9 -> i32TruncU(f32(i));
            case 0xAA -> i32TruncS(f64(x));
            case 0xAB -> i32TruncU(f64(x));
            case 0xAC -> (long) i;
            case 0xAD -> x & 0xFFFF_FFFFL;
            case 0xAE -> i64TruncS(f32(i));
            case 0xAF -> i64TruncU(f32(i));
            case 0xB0 -> i64TruncS(f64(x));
            case 0xB1 -> i64TruncU(f64(x));
            case 0xB2 -> f32((float) i);
            case 0xB3 -> f32(f32FromU32(i));
            case 0xB4 -> f32((float) x);
            case 0xB5 -> f32(f32FromU64(x));
            case 0xB6 -> f32((float) f64(x));
            case 0xB7 -> f64((double) i);
            case 0xB8 -> f64(f64FromU32(i));
            case 0xB9 -> f64((double) x);
            case 0xBA -> f64(f64FromU64(x));
            case 0xBB -> f64((double) f32(i));
            case 0xBC, 0xBE -> x & 0xFFFF_FFFFL;
            case 0xBD, 0xBF -> x;
            case 0xC0 -> (long) (byte) i;
            case 0xC1 -> (long) (short) i;
            case 0xC2 -> (long) (byte) x;
            case 0xC3 -> (long) (short) x;
            case 0xC4 -> (long) (int) x;
            case 0xFC00 -> i32TruncSatS(f32(i));
            case 0xFC01 -> i32TruncSatU(f32(i));
            case 0xFC02 -> i32TruncSatS(f64(x));
            case 0xFC03 -> i32TruncSatU(f64(x));
            case 0xFC04 -> i64TruncSatS(f32(i));
            case 0xFC05 -> truncSatU64(f32(i));
            case 0xFC06 -> i64TruncSatS(f64(x));
            case 0xFC07 -> truncSatU64(f64(x));
            default -> throw new IllegalStateException("not a unary op: 0x" + Integer.toHexString(op));
        };
    }

    /** A two-operand numeric instruction on raw bits. */
    public static long binary(int op, long x, long y) {
        int a = (int) x, b = (int) y;
        return switch (op) {
            case 0x6D -> i32DivS(a, b);
            case 0x6E -> i32DivU(a, b);
            case 0x6F -> i32RemS(a, b);
            case 0x70 -> i32RemU(a, b);
            case 0x77 -> Integer.rotateLeft(a, b);
            case 0x78 -> Integer.rotateRight(a, b);
            case 0x7F -> i64DivS(x, y);
            case 0x80 -> i64DivU(x, y);
            case 0x81 -> i64RemS(x, y);
            case 0x82 -> i64RemU(x, y);
            case 0x89 -> Long.rotateLeft(x, (int) y);
            case 0x8A -> Long.rotateRight(x, (int) y);
            case 0x96 -> f32(fmin(f32(a), f32(b)));
            case 0x97 -> f32(fmax(f32(a), f32(b)));
            case 0x98 -> copysign(a, b) & 0xFFFF_FFFFL;
            case 0xA4 -> f64(fmin(f64(x), f64(y)));
            case 0xA5 -> f64(fmax(f64(x), f64(y)));
            case 0xA6 -> copysign(x, y);
            case 0x5B -> f32(a) == f32(b) ? 1 : 0;
            case 0x5C -> f32(a) != f32(b) ? 1 : 0;
            case 0x5D -> f32(a) < f32(b) ? 1 : 0;
            case 0x5E -> f32(a) > f32(b) ? 1 : 0;
            case 0x5F -> f32(a) <= f32(b) ? 1 : 0;
            case 0x60 -> f32(a) >= f32(b) ? 1 : 0;
            case 0x92 -> f32(f32(a) + f32(b));
            case 0x93 -> f32(f32(a) - f32(b));
            case 0x94 -> f32(f32(a) * f32(b));
            case 0x95 -> f32(f32(a) / f32(b));
            default -> throw new IllegalStateException("not a binary op: 0x" + Integer.toHexString(op));
        };
    }

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
