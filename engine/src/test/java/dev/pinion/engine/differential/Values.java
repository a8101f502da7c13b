package dev.pinion.engine.differential;

import dev.pinion.engine.ValType;

/**
 * One text form for values from either engine, so comparing is string equality: integers in decimal, floats as
 * their raw bits in hex except that every NaN shows as "nan" (payloads are nondeterministic by the spec), and
 * references only as null or not.
 */
final class Values {
    private Values() {}

    /**
     * A value as raw bits with its type (references: 0 for null, 1 otherwise; they are never compared by bits).
     * A v128 has its low 64 bits in {@code bits} and its high 64 bits in {@code high}.
     */
    record Raw(ValType type, long bits, long high) {
        Raw(ValType type, long bits) {
            this(type, bits, 0);
        }

        /** From a raw slot, where an i32 may carry garbage in its upper half: keep the sign-extended low 32. */
        static Raw of(ValType type, long slot) {
            return new Raw(type, type == ValType.I32 ? (int) slot : slot);
        }

        @Override
        public String toString() {
            if (type == ValType.V128) return String.format("v128:0x%016x%016x", high, bits);
            return showRaw(type, bits);
        }
    }

    /** A Pinion typed value as raw bits. */
    static Raw raw(ValType type, Object value) {
        if (type == ValType.V128) {
            long[] v = (long[]) value;
            return new Raw(type, v[0], v[1]);
        }
        return new Raw(type, switch (type) {
            case I32 -> ((Integer) value).longValue();
            case I64 -> (Long) value;
            case F32 -> Float.floatToRawIntBits((Float) value);
            case F64 -> Double.doubleToRawLongBits((Double) value);
            default -> value == null ? -1 : 1;
        });
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
