package dev.pinion.engine.differential;

import dev.pinion.engine.ValType;

/**
 * One text form for values from either engine, so comparing is string equality: integers in decimal, floats as
 * their raw bits in hex except that every NaN shows as "nan" (payloads are nondeterministic by the spec), and
 * references only as null or not.
 */
final class Values {
    private Values() {}

    /** A Pinion typed value (Integer, Long, Float, Double, or a reference/null). */
    static String show(ValType type, Object value) {
        return switch (type) {
            case I32 -> showRaw(type, ((Integer) value).longValue());
            case I64 -> showRaw(type, (Long) value);
            case F32 -> showRaw(type, Float.floatToRawIntBits((Float) value));
            case F64 -> showRaw(type, Double.doubleToRawLongBits((Double) value));
            default -> type.wasmName() + ":" + (value == null ? "null" : "ref");
        };
    }

    /** A raw-bit value; for references, {@code -1} is null (Chicory's encoding). */
    static String showRaw(ValType type, long bits) {
        return switch (type) {
            case I32 -> "i32:" + (int) bits;
            case I64 -> "i64:" + bits;
            case F32 -> Float.isNaN(Float.intBitsToFloat((int) bits)) ? "f32:nan"
                    : "f32:0x" + Integer.toHexString((int) bits);
            case F64 -> Double.isNaN(Double.longBitsToDouble(bits)) ? "f64:nan" : "f64:0x" + Long.toHexString(bits);
            default -> type.wasmName() + ":" + (bits == -1 ? "null" : "ref");
        };
    }
}
