package dev.pinion.bench.runtime;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * Chicory, either its interpreter (the default machine) or its runtime compiler, which translates the whole
 * module to JVM bytecode when {@link #load} is called, so that cost shows up in the cold-start benchmarks.
 */
final class ChicoryRuntime implements WasmRuntime {
    private final boolean compiled;
    private final ImportValues imports = ImportValues.builder()
            .addFunction(new HostFunction("env", "tick",
                    FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    (instance, args) -> new long[] {WasmRuntime.tick((int) args[0])}))
            .build();

    ChicoryRuntime(boolean compiled) {
        this.compiled = compiled;
    }

    @Override
    public String id() {
        return compiled ? "chicory-compiler" : "chicory-interpreter";
    }

    @Override
    public Module load(byte[] wasm) {
        WasmModule module = Parser.parse(wasm);
        java.util.function.Function<com.dylibso.chicory.runtime.Instance, Machine> machine =
                compiled ? MachineFactoryCompiler.compile(module) : null;
        return () -> {
            var builder = com.dylibso.chicory.runtime.Instance.builder(module).withImportValues(imports);
            if (machine != null) builder.withMachineFactory(machine);
            com.dylibso.chicory.runtime.Instance instance = builder.build();
            return name -> {
                ExportFunction f = instance.export(name);
                return arg -> f.apply(arg)[0] & 0xFFFF_FFFFL;
            };
        };
    }
}
