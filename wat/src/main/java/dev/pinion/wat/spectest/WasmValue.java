package dev.pinion.wat.spectest;

import dev.pinion.engine.Function;
import dev.pinion.engine.ValType;

/**
 * A value that crossed the engine boundary: raw bits for numbers (i32 and f32 in the low 32 bits; a v128's low
 * 64 bits in {@code bits} and its high 64 bits in {@code high}), an object for references (a {@link Function}, a
 * host object, or null). Prints itself in Wasm syntax.
 */
record WasmValue(ValType type, long bits, long high, Object ref) {

    static WasmValue ofBits(ValType type, long bits) {
        return new WasmValue(type, bits, 0, null);
    }

    static WasmValue ofV128(long low, long high) {
        return new WasmValue(ValType.V128, low, high, null);
    }

    static WasmValue ofRef(ValType type, Object ref) {
        return new WasmValue(type, 0, 0, ref);
    }

    @Override
    public String toString() {
        return switch (type) {
            case I32 -> "(i32.const " + (int) bits + ")";
            case I64 -> "(i64.const " + bits + ")";
            case F32 -> "(f32.const " + f32Text((int) bits) + ")";
            case F64 -> "(f64.const " + f64Text(bits) + ")";
            case FUNCREF -> ref == null ? "(ref.null func)" : "(ref.func " + ref + ")";
            case EXTERNREF -> ref == null ? "(ref.null extern)"
                    : ref instanceof ExternRefs.HostRef h ? "(ref.extern " + h.n() + ")" : "(ref.extern " + ref + ")";
            case V128 -> String.format("(v128.const i32x4 0x%08x 0x%08x 0x%08x 0x%08x)", (int) bits,
                    (int) (bits >>> 32), (int) high, (int) (high >>> 32));
        };
    }

    /**
     * An f32 in Wasm literal syntax: NaNs with their payload ({@code nan:0x400000} is the canonical one),
     * {@code inf}, and otherwise Java's shortest round-trip decimal, which the text format accepts as is.
     */
    static String f32Text(int bits) {
        String sign = bits < 0 ? "-" : "";
        int magnitude = bits & 0x7fff_ffff;
        if (magnitude > 0x7f80_0000) return sign + "nan:0x" + Integer.toHexString(magnitude & 0x7f_ffff);
        if (magnitude == 0x7f80_0000) return sign + "inf";
        return Float.toString(Float.intBitsToFloat(bits));
    }

    static String f64Text(long bits) {
        String sign = bits < 0 ? "-" : "";
        long magnitude = bits & 0x7fff_ffff_ffff_ffffL;
        if (magnitude > 0x7ff0_0000_0000_0000L) {
            return sign + "nan:0x" + Long.toHexString(magnitude & 0x000f_ffff_ffff_ffffL);
        }
        if (magnitude == 0x7ff0_0000_0000_0000L) return sign + "inf";
        return Double.toString(Double.longBitsToDouble(bits));
    }
}
