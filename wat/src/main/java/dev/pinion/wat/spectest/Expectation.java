package dev.pinion.wat.spectest;

import dev.pinion.engine.ValType;
import java.util.List;

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
        if (type == ValType.V128) return v128(v);
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
            case V128 -> throw new AssertionError("handled above");
        };
    }

    /** Lane width in bits of a v128 value's {@code lane_type} (i8, i16, i32, i64, f32, f64). */
    private static int laneBits(Value v) {
        String t = v.lane_type() == null ? "" : v.lane_type();
        return switch (t) {
            case "i8" -> 8;
            case "i16" -> 16;
            case "i32", "f32" -> 32;
            case "i64", "f64" -> 64;
            default -> throw new IllegalArgumentException("unknown v128 lane type '" + t + "'");
        };
    }

    /** A v128 from its lanes (each an unsigned decimal bit pattern), lane 0 in the lowest bits. */
    private static WasmValue v128(Value v) {
        int bits = laneBits(v);
        List<?> lanes = v.lanes();
        if (lanes.size() * bits != 128) throw new IllegalArgumentException("v128 with " + lanes.size() + " lanes of " + bits + " bits");
        long[] half = new long[2];
        for (int i = 0; i < lanes.size(); i++) {
            long lane = Long.parseUnsignedLong((String) lanes.get(i));
            if (bits < 64) lane &= (1L << bits) - 1;
            int pos = i * bits;
            half[pos >>> 6] |= lane << (pos & 63);
        }
        return WasmValue.ofV128(half[0], half[1]);
    }

    /** Lane i (of {@code bits} bits) of a v128, zero-extended. */
    private static long lane(WasmValue v, int i, int bits) {
        int pos = i * bits;
        long half = (pos >>> 6) == 0 ? v.bits() : v.high();
        long x = half >>> (pos & 63);
        return bits == 64 ? x : x & ((1L << bits) - 1);
    }

    /** Lane by lane; f32 and f64 lanes may expect nan:canonical or nan:arithmetic. */
    private static boolean matchesV128(Value expected, WasmValue actual) {
        int bits = laneBits(expected);
        List<?> lanes = expected.lanes();
        boolean floats = expected.lane_type().startsWith("f");
        for (int i = 0; i < lanes.size(); i++) {
            String s = (String) lanes.get(i);
            long have = lane(actual, i, bits);
            boolean ok;
            if (floats && bits == 32) {
                ok = switch (s) {
                    case "nan:canonical" -> ((int) have & 0x7fff_ffff) == 0x7fc0_0000;
                    case "nan:arithmetic" -> ((int) have & 0x7fc0_0000) == 0x7fc0_0000;
                    default -> (int) have == (int) Long.parseUnsignedLong(s);
                };
            } else if (floats) {
                ok = switch (s) {
                    case "nan:canonical" -> (have & 0x7fff_ffff_ffff_ffffL) == 0x7ff8_0000_0000_0000L;
                    case "nan:arithmetic" -> (have & 0x7ff8_0000_0000_0000L) == 0x7ff8_0000_0000_0000L;
                    default -> have == Long.parseUnsignedLong(s);
                };
            } else {
                long want = Long.parseUnsignedLong(s);
                ok = have == (bits == 64 ? want : want & ((1L << bits) - 1));
            }
            if (!ok) return false;
        }
        return true;
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
        if (type == ValType.V128) return matchesV128(expected, actual);
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
            case V128 -> throw new AssertionError("handled above");
        };
    }

    /** An expected value in Wasm syntax, e.g. {@code (f32.const nan:canonical)}. */
    static String describe(Value expected) {
        if (expected.isEither()) {
            return expected.lanes().stream().map(v -> describe((Value) v))
                    .collect(java.util.stream.Collectors.joining(" ", "(either ", ")"));
        }
        if (expected.isV128()) return "(v128.const " + expected.lane_type() + "x" + expected.lanes().size() + " "
                + String.join(" ", expected.lanes().stream().map(String::valueOf).toList()) + ")";
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
