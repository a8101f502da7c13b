package dev.pinion.cli;

import dev.pinion.engine.ValType;
import java.math.BigDecimal;

/** Command-line text to raw Wasm values and back, for {@code pinion run --invoke}. */
final class WasmValues {
    private WasmValues() {}

    /**
     * Parses one argument as a value of {@code type} (raw bits, see {@link dev.pinion.engine.Function}).
     * Integers may be written signed or unsigned; floats as Java/Rust write them, plus nan and inf.
     *
     * @throws IllegalArgumentException naming the expected type
     */
    static long parse(ValType type, String text) {
        try {
            return switch (type) {
                case I32 -> {
                    long v = Long.parseLong(text.strip());
                    if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) throw new NumberFormatException();
                    yield v & 0xFFFF_FFFFL;
                }
                case I64 -> text.strip().startsWith("-") ? Long.parseLong(text.strip())
                        : Long.parseUnsignedLong(text.strip());
                case F32 -> Float.floatToRawIntBits(Float.parseFloat(floatText(text))) & 0xFFFF_FFFFL;
                case F64 -> Double.doubleToRawLongBits(Double.parseDouble(floatText(text)));
                default -> throw new IllegalArgumentException("cannot pass a " + type.wasmName() + " on the command line");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + type.wasmName());
        }
    }

    private static String floatText(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "nan", "+nan", "-nan" -> "NaN";
            case "inf", "+inf", "infinity" -> "Infinity";
            case "-inf", "-infinity" -> "-Infinity";
            default -> t;
        };
    }

    /** Formats a result the way wasmtime prints it: integers signed, floats in shortest decimal form. */
    static String format(ValType type, long bits) {
        return switch (type) {
            case I32 -> Integer.toString((int) bits);
            case I64 -> Long.toString(bits);
            case F32 -> decimal(Float.intBitsToFloat((int) bits), Float.toString(Float.intBitsToFloat((int) bits)));
            case F64 -> decimal(Double.longBitsToDouble(bits), Double.toString(Double.longBitsToDouble(bits)));
            default -> type.wasmName() + ":" + Long.toHexString(bits);
        };
    }

    private static String decimal(double v, String shortest) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        // Java's shortest repr may use exponent notation ("1.0E20"); print it plainly and drop a ".0".
        String plain = new BigDecimal(shortest).stripTrailingZeros().toPlainString();
        return v == 0 && 1 / v < 0 ? "-0" : plain;
    }
}
