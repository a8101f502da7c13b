package dev.pinion.wat.spectest;

import dev.pinion.engine.Config;
import dev.pinion.engine.WasmModule;
import dev.pinion.wat.Feature;
import dev.pinion.wat.Wat;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which features beyond Wasm 2.0 the engine under test supports, found by asking it: a tiny module that uses the
 * feature either compiles or is rejected. Probing instead of a list kept by hand means a feature the engine
 * gains (SIMD, tail calls, ...) is run by the scripts the moment it lands, and one it lacks is a skip that names
 * it, not a failure deep in the engine.
 */
final class EngineFeatures {
    private static final Map<Feature, String> PROBES = Map.of(
            Feature.SIMD, "(func (drop (v128.const i32x4 0 0 0 0)))",
            Feature.TAIL_CALL, "(func $f (return_call $f))",
            Feature.EXTENDED_CONST, "(global i32 (i32.add (i32.const 1) (i32.const 2)))",
            Feature.MULTI_MEMORY, "(memory 1) (memory 1)",
            Feature.MEMORY64, "(memory i64 1)",
            Feature.FUNCTION_REFERENCES, "(type $t (func)) (func (param (ref null $t)))",
            Feature.THREADS, "(memory 1 1 shared)",
            Feature.RELAXED_SIMD,
            "(func (drop (f32x4.relaxed_min (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0))))");

    private final BiFunction<byte[], Config, WasmModule> compiler;
    private final Config config;
    private final Map<Feature, Boolean> known = new EnumMap<>(Feature.class);

    EngineFeatures(BiFunction<byte[], Config, WasmModule> compiler, Config config) {
        this.compiler = compiler;
        this.config = config;
    }

    boolean supports(Feature feature) {
        return known.computeIfAbsent(feature, this::probe);
    }

    private boolean probe(Feature feature) {
        String probe = PROBES.get(feature);
        if (probe == null) return false; // no probe: the parser cannot even encode it yet
        try {
            compiler.apply(Wat.toBinary(probe), config);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The skip reason for a module that needs {@code feature}. */
    static String skipReason(Feature feature) {
        return "not supported by the engine: " + feature.description();
    }
}
