package dev.pinion.wat.spectest;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.Global;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Table;
import dev.pinion.engine.ValType;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code spectest} host module the spec scripts import from, with the exports and values of the reference
 * interpreter ({@code interpreter/host/spectest.ml}): print functions, four immutable globals, a funcref table
 * of 10..20 elements and a memory of 1..2 pages. Its table and memory hold state, so every script run gets a
 * fresh one.
 */
public final class SpecTestHost {
    public static final String NAME = "spectest";

    private SpecTestHost() {}

    /**
     * Builds a fresh {@code spectest} module.
     *
     * @param print receives one line per call of a print function, e.g. {@code "13 : i32"}
     */
    public static HostModule create(Consumer<String> print) {
        return HostModule.builder(NAME)
                .function("print", FuncType.of(List.of(), List.of()), (caller, stack, base) -> {})
                .function("print_i32", params(ValType.I32), printer(print, ValType.I32))
                .function("print_i64", params(ValType.I64), printer(print, ValType.I64))
                .function("print_f32", params(ValType.F32), printer(print, ValType.F32))
                .function("print_f64", params(ValType.F64), printer(print, ValType.F64))
                .function("print_i32_f32", params(ValType.I32, ValType.F32), printer(print, ValType.I32, ValType.F32))
                .function("print_f64_f64", params(ValType.F64, ValType.F64), printer(print, ValType.F64, ValType.F64))
                .global("global_i32", Global.create(ValType.I32, false, 666))
                .global("global_i64", Global.create(ValType.I64, false, 666L))
                .global("global_f32", Global.create(ValType.F32, false, Float.floatToRawIntBits(666.6f)))
                .global("global_f64", Global.create(ValType.F64, false, Double.doubleToRawLongBits(666.6)))
                .table("table", Table.create(ValType.FUNCREF, new Limits(10, 20)))
                .memory("memory", Memory.create(new Limits(1, 2)))
                .build();
    }

    private static FuncType params(ValType... params) {
        return FuncType.of(List.of(params), List.of());
    }

    /** Prints the arguments like the reference interpreter does: {@code value : type}, one per line. */
    private static dev.pinion.engine.HostFunction printer(Consumer<String> print, ValType... types) {
        return (caller, stack, base) -> {
            for (int i = 0; i < types.length; i++) {
                long bits = stack[base + i];
                String text = switch (types[i]) {
                    case I32 -> Integer.toString((int) bits);
                    case I64 -> Long.toString(bits);
                    case F32 -> WasmValue.f32Text((int) bits);
                    case F64 -> WasmValue.f64Text(bits);
                    default -> Long.toString(bits);
                };
                print.accept(text + " : " + types[i].wasmName());
            }
        };
    }
}
