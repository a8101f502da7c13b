package dev.pinion.wat.internal;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The numeric literals of the text format: integers (decimal or hex, optional sign, {@code _} between digits) and
 * floats (decimal or hex mantissa and exponent, {@code inf}, {@code nan}, {@code nan:0x...}). Each parser returns
 * the value's bits, or throws {@link NumberFormatException} with the reason (the caller adds the position).
 */
public final class Numbers {
    private Numbers() {}

    private static final String DEC = "\\d(?:_?\\d)*";
    private static final String HEX = "[0-9a-fA-F](?:_?[0-9a-fA-F])*";
    private static final Pattern INT = Pattern.compile("[+-]?(?:" + DEC + "|0x" + HEX + ")");
    private static final Pattern FLOAT_DEC = Pattern.compile(
            "[+-]?" + DEC + "(?:\\.(?:" + DEC + ")?)?(?:[eE][+-]?" + DEC + ")?");
    private static final Pattern FLOAT_HEX = Pattern.compile(
            "[+-]?0x" + HEX + "(?:\\.(?:" + HEX + ")?)?(?:[pP][+-]?" + DEC + ")?");
    private static final Pattern NAN_PAYLOAD = Pattern.compile("[+-]?nan:0x" + HEX);

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** Whether the token has the shape of an integer literal (so it is a number, not a keyword). */
    public static boolean isInt(String t) {
        return INT.matcher(t).matches();
    }

    /** Whether the token starts like a number of either kind (used to tell numbers from keywords). */
    public static boolean looksNumeric(String t) {
        if (t.isEmpty()) return false;
        char c = t.charAt(0);
        if (c == '+' || c == '-') {
            if (t.length() == 1) return false;
            c = t.charAt(1);
            if (t.startsWith("inf", 1) || t.startsWith("nan", 1)) return true;
        }
        return c >= '0' && c <= '9' || t.startsWith("inf") || t.startsWith("nan");
    }

    /**
     * An integer of {@code bits} bits, signed or unsigned as written: the range is -2^(bits-1) .. 2^bits - 1.
     * The result is the two's-complement bit pattern.
     */
    public static long parseInt(String t, int bits) {
        BigInteger v = bigInt(t);
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) throw new NumberFormatException("constant out of range");
        return v.longValue();
    }

    /** An unsigned integer (no sign allowed) of at most {@code bits} bits: indices, offsets, limits. */
    public static long parseUnsigned(String t, int bits) {
        if (t.startsWith("+") || t.startsWith("-")) throw new NumberFormatException("unexpected sign: expected an unsigned integer");
        BigInteger v = bigInt(t);
        if (v.bitLength() > bits) throw new NumberFormatException("constant out of range");
        return v.longValue();
    }

    private static BigInteger bigInt(String t) {
        if (!INT.matcher(t).matches()) throw new NumberFormatException("unknown operator or malformed integer '" + t + "'");
        String s = t.replace("_", "");
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) s = s.substring(1);
        BigInteger v = s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        return negative ? v.negate() : v;
    }

    /** The bits of an f32 literal. */
    public static int parseF32(String t) {
        return (int) parseFloat(t, true);
    }

    /** The bits of an f64 literal. */
    public static long parseF64(String t) {
        return parseFloat(t, false);
    }

    private static long parseFloat(String t, boolean f32) {
        boolean negative = t.startsWith("-");
        String s = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        long sign = negative ? (f32 ? 0x8000_0000L : Long.MIN_VALUE) : 0;
        if (s.equals("inf")) return sign | (f32 ? 0x7f80_0000L : 0x7ff0_0000_0000_0000L);
        if (s.equals("nan")) return sign | (f32 ? 0x7fc0_0000L : 0x7ff8_0000_0000_0000L);
        if (s.startsWith("nan:")) {
            if (!NAN_PAYLOAD.matcher(t).matches()) throw new NumberFormatException("malformed NaN payload '" + t + "'");
            BigInteger payload = new BigInteger(s.substring(6).replace("_", ""), 16);
            int mantissa = f32 ? 23 : 52;
            if (payload.signum() == 0 || payload.bitLength() > mantissa) {
                throw new NumberFormatException("constant out of range: NaN payload must be 1 .. 2^" + mantissa + "-1");
            }
            return sign | (f32 ? 0x7f80_0000L : 0x7ff0_0000_0000_0000L) | payload.longValue();
        }
        String java;
        if (FLOAT_HEX.matcher(t).matches()) {
            java = t.replace("_", "");
            if (java.indexOf('p') < 0 && java.indexOf('P') < 0) java += "p0";
        } else if (FLOAT_DEC.matcher(t).matches()) {
            java = t.replace("_", "");
        } else {
            throw new NumberFormatException("unknown operator or malformed float '" + t + "'");
        }
        // Java's parsers round to nearest, ties to even, for both decimal and hex input, as the spec requires.
        if (f32) {
            float f = Float.parseFloat(java);
            if (Float.isInfinite(f)) throw new NumberFormatException("constant out of range");
            return Float.floatToRawIntBits(f) & 0xffff_ffffL;
        }
        double d = Double.parseDouble(java);
        if (Double.isInfinite(d)) throw new NumberFormatException("constant out of range");
        return Double.doubleToRawLongBits(d);
    }

    /** The value of hex digits (with {@code _} separators), or -1 if they are not that or exceed 2^40. */
    static long hexDigitsOrMinus(String hex) {
        if (hex.isEmpty() || !hex.matches(HEX)) return -1;
        String h = hex.replace("_", "");
        if (h.length() > 10) return -1;
        return Long.parseLong(h, 16);
    }

    /** An unsigned decimal string of the bits, as wast2json writes values. */
    public static String unsigned(long bits, int width) {
        return width == 32 ? Integer.toUnsignedString((int) bits) : Long.toUnsignedString(bits);
    }

    static BigInteger twoTo64() {
        return TWO_64;
    }
}
