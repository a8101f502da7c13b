package dev.pinion.bench.runtime;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;

/** Pinion through its public API only, with the raw {@code long[]} host-function form. */
final class PinionRuntime implements WasmRuntime {
    private static final FuncType I32_TO_I32 = FuncType.of(new ValType[] {ValType.I32}, ValType.I32);

    private final Imports imports = Imports.builder()
            .add(HostModule.builder("env")
                    .function("tick", I32_TO_I32, (caller, stack, base) ->
                            stack[base] = WasmRuntime.tick((int) stack[base]) & 0xFFFF_FFFFL)
                    .build())
            .build();

    @Override
    public String id() {
        return "pinion";
    }

    @Override
    public Module load(byte[] wasm) {
        WasmModule module = WasmModule.compile(wasm);
        return () -> {
            dev.pinion.engine.Instance instance = module.instantiate(imports);
            return name -> {
                Function f = instance.function(name);
                return arg -> f.call(arg)[0] & 0xFFFF_FFFFL;
            };
        };
    }
}
