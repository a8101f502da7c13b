package dev.pinion.bench.runtime;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GraalWasm (community) through the polyglot API. One shared {@link Engine} keeps Truffle's compiled code
 * across contexts; each {@link #load} evaluates the module in a fresh context (parse + validate), and each
 * instantiation calls the module object's {@code newInstance} with the {@code env} import object.
 */
final class GraalWasmRuntime implements WasmRuntime {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    private final Object importObject = ProxyObject.fromMap(Map.of("env", ProxyObject.fromMap(Map.of(
            "tick", (ProxyExecutable) args -> WasmRuntime.tick(args[0].asInt())))));

    @Override
    public String id() {
        return "graalwasm";
    }

    /** True when Truffle found a JIT compiler (Graal via JVMCI); false means the guest code is only interpreted. */
    public boolean optimizing() {
        return !engine.getImplementationName().toLowerCase().contains("fallback")
                && !engine.getImplementationName().toLowerCase().contains("interpreted");
    }

    @Override
    public Module load(byte[] wasm) {
        Context context = Context.newBuilder("wasm").engine(engine).build();
        Source source = Source.newBuilder("wasm", ByteSequence.create(wasm), "m" + NAMES.incrementAndGet()).buildLiteral();
        Value module = context.eval(source);
        return new Module() {
            @Override
            public Instance instantiate() {
            Value instance = module.canInstantiate() ? module.newInstance(importObject) : module;
            Value exports = instance.hasMember("exports") ? instance.getMember("exports") : instance;
            return name -> {
                Value f = exports.getMember(name);
                if (f == null || !f.canExecute()) throw new IllegalArgumentException("no exported function '" + name + "'");
                return arg -> f.execute(arg).asInt() & 0xFFFF_FFFFL;
            };
            }

            @Override
            public void close() {
                context.close(true);
            }
        };
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
