package dev.pinion.wat.spectest;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Global;
import dev.pinion.engine.Instance;
import dev.pinion.engine.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Performs an action's engine work: calls an exported function or reads an exported global, turning values into
 * and out of the engine's forms. Runs on the {@link EngineThread}.
 */
final class Invoker {
    private Invoker() {}

    /** The action cannot be done as the script says (missing export, wrong kind or signature). */
    static final class BadAction extends RuntimeException {
        BadAction(String message) {
            super(message);
        }
    }

    static List<WasmValue> invoke(Instance instance, String field, List<WasmValue> args) {
        Object export = instance.export(field);
        if (!(export instanceof Function function)) {
            throw new BadAction(export == null ? "the module has no export named \"" + field + "\""
                    : "export \"" + field + "\" is not a function but a " + export.getClass().getSimpleName());
        }
        FuncType type = function.type();
        if (type.params().size() != args.size()) {
            throw new BadAction("export \"" + field + "\" has type " + type + " but the script passes "
                    + args.size() + " argument(s)");
        }
        for (int i = 0; i < args.size(); i++) {
            if (type.params().get(i) != args.get(i).type()) {
                throw new BadAction("export \"" + field + "\" has type " + type + " but argument " + i + " is "
                        + args.get(i).type().wasmName());
            }
        }
        boolean references = type.params().stream().anyMatch(ValType::isReference)
                || type.results().stream().anyMatch(ValType::isReference);
        // Numbers go through the raw-bits path so NaN payloads cross untouched; references need the typed path.
        return references ? invokeTyped(function, type, args) : callRaw(function, type, args);
    }

    static List<WasmValue> get(Instance instance, String field) {
        Object export = instance.export(field);
        if (!(export instanceof Global global)) {
            throw new BadAction(export == null ? "the module has no export named \"" + field + "\""
                    : "export \"" + field + "\" is not a global but a " + export.getClass().getSimpleName());
        }
        ValType type = global.type();
        if (type == ValType.V128) return List.of(WasmValue.ofV128(global.get(), global.getHigh()));
        return List.of(type.isReference() ? WasmValue.ofRef(type, global.getRef()) : WasmValue.ofBits(type, global.get()));
    }

    private static List<WasmValue> callRaw(Function function, FuncType type, List<WasmValue> args) {
        // a v128 crosses as two longs, low 64 bits first
        long[] raw = new long[args.size() + (int) args.stream().filter(a -> a.type() == ValType.V128).count()];
        int k = 0;
        for (WasmValue v : args) {
            // i32/f32 as a Java int widened to long, the form a Java caller naturally passes.
            raw[k++] = v.type() == ValType.I32 || v.type() == ValType.F32 ? (long) (int) v.bits() : v.bits();
            if (v.type() == ValType.V128) raw[k++] = v.high();
        }
        long[] results = function.call(raw);
        if (results == null) results = new long[0];
        int slots = type.results().size() + (int) type.results().stream().filter(t -> t == ValType.V128).count();
        if (results.length != slots) {
            throw new IllegalStateException("the engine returned " + results.length + " value(s) from a function of type " + type);
        }
        List<WasmValue> out = new ArrayList<>(type.results().size());
        k = 0;
        for (ValType t : type.results()) {
            if (t == ValType.V128) {
                out.add(WasmValue.ofV128(results[k], results[k + 1]));
                k += 2;
            } else {
                out.add(WasmValue.ofBits(t, results[k++]));
            }
        }
        return out;
    }

    private static List<WasmValue> invokeTyped(Function function, FuncType type, List<WasmValue> args) {
        Object[] boxed = new Object[args.size()];
        for (int i = 0; i < boxed.length; i++) {
            WasmValue v = args.get(i);
            boxed[i] = switch (v.type()) {
                case I32 -> (int) v.bits();
                case I64 -> v.bits();
                case F32 -> Float.intBitsToFloat((int) v.bits());
                case F64 -> Double.longBitsToDouble(v.bits());
                case V128 -> new long[] {v.bits(), v.high()};
                default -> v.ref();
            };
        }
        Object[] results = function.invoke(boxed);
        if (results == null) results = new Object[0];
        checkCount(type, results.length);
        List<WasmValue> out = new ArrayList<>(results.length);
        for (int i = 0; i < results.length; i++) out.add(unbox(type.results().get(i), results[i]));
        return out;
    }

    private static WasmValue unbox(ValType type, Object o) {
        return switch (type) {
            case I32 -> o instanceof Integer n ? WasmValue.ofBits(type, n) : wrongBox(type, o);
            case I64 -> o instanceof Long n ? WasmValue.ofBits(type, n) : wrongBox(type, o);
            case F32 -> o instanceof Float f ? WasmValue.ofBits(type, Float.floatToRawIntBits(f)) : wrongBox(type, o);
            case F64 -> o instanceof Double d ? WasmValue.ofBits(type, Double.doubleToRawLongBits(d)) : wrongBox(type, o);
            case V128 -> o instanceof long[] v && v.length == 2 ? WasmValue.ofV128(v[0], v[1]) : wrongBox(type, o);
            default -> WasmValue.ofRef(type, o);
        };
    }

    private static WasmValue wrongBox(ValType type, Object o) {
        throw new IllegalStateException("Function.invoke returned " + (o == null ? "null" : o.getClass().getName())
                + " for a " + type.wasmName() + " result");
    }

    private static void checkCount(FuncType type, int count) {
        if (count != type.results().size()) {
            throw new IllegalStateException("the engine returned " + count + " value(s) from a function of type " + type);
        }
    }
}
