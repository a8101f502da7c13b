package dev.pinion.engine;

/** WebAssembly value types with their binary encodings. */
public enum ValType {
    I32(0x7F), I64(0x7E), F32(0x7D), F64(0x7C), V128(0x7B), FUNCREF(0x70), EXTERNREF(0x6F);

    private final int code;

    ValType(int code) {
        this.code = code;
    }

    /** The binary encoding (e.g. 0x7F for i32). */
    public int code() {
        return code;
    }

    public boolean isReference() {
        return this == FUNCREF || this == EXTERNREF;
    }

    public boolean isNumeric() {
        return this == I32 || this == I64 || this == F32 || this == F64;
    }

    /** The type for a binary encoding, or null if the byte is not a value type. */
    public static ValType fromCode(int code) {
        return switch (code) {
            case 0x7F -> I32;
            case 0x7E -> I64;
            case 0x7D -> F32;
            case 0x7C -> F64;
            case 0x7B -> V128;
            case 0x70 -> FUNCREF;
            case 0x6F -> EXTERNREF;
            default -> null;
        };
    }

    /** Lower-case spec name, e.g. "i32", "funcref". */
    public String wasmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
