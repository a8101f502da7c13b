package dev.pinion.bench.runtime;

import dev.pinion.engine.Config;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;

/**
 * Pinion through its public API only, with the raw {@code long[]} host-function form, in one of its tiers:
 * {@code pinion} is the interpreter alone, {@code pinion-tiered} compiles hot functions in the background,
 * {@code pinion-compiled} compiles every function at instantiation.
 */
final class PinionRuntime implements WasmRuntime {
    private final Config.Tier tier;

    PinionRuntime() {
        this(Config.Tier.INTERP);
    }

    PinionRuntime(Config.Tier tier) {
        this.tier = tier;
    }

    private static final FuncType I32_TO_I32 = FuncType.of(new ValType[] {ValType.I32}, ValType.I32);

    private final Imports imports = Imports.builder()
            .add(HostModule.builder("env")
                    .function("tick", I32_TO_I32, (caller, stack, base) ->
                            stack[base] = WasmRuntime.tick((int) stack[base]) & 0xFFFF_FFFFL)
                    .build())
            .build();

    @Override
    public String id() {
        return tier == Config.Tier.INTERP ? "pinion" : "pinion-" + tier.name().toLowerCase();
    }

    @Override
    public Module load(byte[] wasm) {
        WasmModule module = WasmModule.compile(wasm, Config.DEFAULT.withTier(tier));
        return () -> {
            dev.pinion.engine.Instance instance = module.instantiate(imports);
            return name -> {
                Function f = instance.function(name);
                return arg -> f.call(arg)[0] & 0xFFFF_FFFFL;
            };
        };
    }
}
