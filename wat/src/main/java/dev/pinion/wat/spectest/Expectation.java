package dev.pinion.wat.spectest;

import dev.pinion.engine.ValType;

/**
 * Reads script values: arguments into {@link WasmValue}s, expected results into checks against actual values.
 * Numbers compare by exact bits, except the two NaN patterns of the spec: {@code nan:canonical} (any sign, payload
 * exactly the top mantissa bit) and {@code nan:arithmetic} (any sign, top mantissa bit set).
 */
final class Expectation {
    private Expectation() {}

    /** The engine's type for a script type name; IllegalArgumentException for unknown names. */
    static ValType valType(String type) {
        return switch (type == null ? "" : type) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            case "v128" -> ValType.V128;
            case "funcref" -> ValType.FUNCREF;
            case "externref" -> ValType.EXTERNREF;
            default -> throw new IllegalArgumentException("unknown value type '" + type + "'");
        };
    }

    /** An argument value; refs resolve externref numbers to their host objects. */
    static WasmValue argument(Value v, ExternRefs refs) {
        ValType type = valType(v.type());
        String s = v.scalar();
        return switch (type) {
            case I32, F32 -> WasmValue.ofBits(type, Integer.parseUnsignedInt(s));
            case I64, F64 -> WasmValue.ofBits(type, Long.parseUnsignedLong(s));
            case EXTERNREF -> WasmValue.ofRef(type, "null".equals(s) ? null : refs.get(Long.parseLong(s)));
            case FUNCREF -> {
                if (!"null".equals(s)) {
                    throw new IllegalArgumentException("a non-null funcref argument cannot be made by the runner");
                }
                yield WasmValue.ofRef(type, null);
            }
            case V128 -> throw new IllegalArgumentException("v128 values are not supported");
        };
    }

    /** Whether {@code actual} is what {@code expected} allows. */
    static boolean matches(Value expected, WasmValue actual, ExternRefs refs) {
        if (expected.isEither()) {
            // Wasm 3.0 scripts: (either v1 v2 ...) accepts any one of the alternatives.
            for (Object alternative : expected.lanes()) {
                if (matches((Value) alternative, actual, refs)) return true;
            }
            return false;
        }
        ValType type = valType(expected.type());
        if (actual.type() != type) return false;
        String s = expected.scalar();
        return switch (type) {
            case I32 -> (int) actual.bits() == Integer.parseUnsignedInt(s);
            case I64 -> actual.bits() == Long.parseUnsignedLong(s);
            case F32 -> switch (s) {
                case "nan:canonical" -> ((int) actual.bits() & 0x7fff_ffff) == 0x7fc0_0000;
                case "nan:arithmetic" -> ((int) actual.bits() & 0x7fc0_0000) == 0x7fc0_0000;
                default -> (int) actual.bits() == Integer.parseUnsignedInt(s);
            };
            case F64 -> switch (s) {
                case "nan:canonical" -> (actual.bits() & 0x7fff_ffff_ffff_ffffL) == 0x7ff8_0000_0000_0000L;
                case "nan:arithmetic" -> (actual.bits() & 0x7ff8_0000_0000_0000L) == 0x7ff8_0000_0000_0000L;
                default -> actual.bits() == Long.parseUnsignedLong(s);
            };
            // Identity: the engine must hand back the very object it was given.
            case EXTERNREF -> "null".equals(s) ? actual.ref() == null
                    : "nonnull".equals(s) ? actual.ref() != null // Wasm 3.0 scripts' (ref.extern): any host reference
                    : actual.ref() == refs.get(Long.parseLong(s));
            // wast2json writes a non-null (ref.func) expectation as a number; it means any non-null funcref.
            case FUNCREF -> "null".equals(s) ? actual.ref() == null : actual.ref() != null;
            case V128 -> false;
        };
    }

    /** An expected value in Wasm syntax, e.g. {@code (f32.const nan:canonical)}. */
    static String describe(Value expected) {
        if (expected.isEither()) {
            return expected.lanes().stream().map(v -> describe((Value) v))
                    .collect(java.util.stream.Collectors.joining(" ", "(either ", ")"));
        }
        String s = expected.scalar();
        return switch (expected.type()) {
            case "f32", "f64" -> s.startsWith("nan:")
                    ? "(" + expected.type() + ".const " + s + ")"
                    : argument(expected, new ExternRefs()).toString();
            case "i32", "i64" -> argument(expected, new ExternRefs()).toString();
            case "externref" -> "null".equals(s) ? "(ref.null extern)"
                    : "nonnull".equals(s) ? "(ref.extern)" : "(ref.extern " + s + ")";
            case "funcref" -> "null".equals(s) ? "(ref.null func)" : "(ref.func)";
            default -> "(" + expected.type() + " " + expected.value() + ")";
        };
    }
}
