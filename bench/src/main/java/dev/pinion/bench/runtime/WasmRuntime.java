package dev.pinion.bench.runtime;

import java.util.List;

/**
 * The one seam through which every benchmark drives a Wasm runtime, so that Pinion and its peers run the same
 * modules through the same steps. Each step maps to what the runtime itself does at that point:
 * {@link #load} is decode + validate (+ lower or translate), {@link Module#instantiate} links and
 * instantiates, {@link Export#call} calls an exported {@code (i32) -> i32} function.
 *
 * <p>Every instance gets the host import {@code env.tick(i32) -> i32} (returns its argument XOR 1), which the
 * host-call module needs; modules that do not import it ignore it.
 */
public interface WasmRuntime extends AutoCloseable {
    /** Stable identifier used as the JMH parameter value and in reports, e.g. {@code chicory-interpreter}. */
    String id();

    Module load(byte[] wasm);

    /** Frees what the runtime holds (a GraalWasm context); a no-op for the others. */
    @Override
    default void close() {}

    interface Module extends AutoCloseable {
        Instance instantiate();

        /** Frees per-module state (GraalWasm's context); instances made from it are unusable afterwards. */
        @Override
        default void close() {}
    }

    interface Instance {
        Export export(String name);
    }

    @FunctionalInterface
    interface Export {
        /** Calls the export with one i32 argument; returns its i32 result as an unsigned value. */
        long call(int arg);
    }

    /**
     * Every runtime id, in report order. {@code pinion} is Pinion's interpreter ({@code Config.Tier.INTERP});
     * {@code pinion-tiered} starts in the interpreter and compiles hot functions to JVM bytecode in the
     * background; {@code pinion-compiled} compiles every function the tier-2 compiler takes at instantiation.
     */
    List<String> IDS = List.of("pinion", "pinion-tiered", "pinion-compiled", "chicory-interpreter", "chicory-compiler",
            "graalwasm");

    /** The host function behind {@code env.tick}, the same for every runtime. */
    static int tick(int x) {
        return x ^ 1;
    }

    static WasmRuntime create(String id) {
        return switch (id) {
            case "pinion" -> new PinionRuntime();
            case "pinion-tiered" -> new PinionRuntime(dev.pinion.engine.Config.Tier.TIERED);
            case "pinion-compiled" -> new PinionRuntime(dev.pinion.engine.Config.Tier.COMPILED);
            case "chicory-interpreter" -> new ChicoryRuntime(false);
            case "chicory-compiler" -> new ChicoryRuntime(true);
            case "graalwasm" -> new GraalWasmRuntime();
            default -> throw new IllegalArgumentException("unknown runtime '" + id + "', expected one of " + IDS);
        };
    }
}
