package dev.pinion.wat;

/**
 * The WebAssembly features beyond 2.0 that the text parser tells apart, so that a module using one the engine
 * lacks is reported by name (a skip reason) instead of failing somewhere in the engine.
 */
public enum Feature {
    SIMD("SIMD (v128)"),
    TAIL_CALL("tail calls (Wasm 3.0)"),
    EXTENDED_CONST("extended constant expressions (Wasm 3.0)"),
    MULTI_MEMORY("multiple memories (Wasm 3.0)"),
    MEMORY64("64-bit memories and tables (Wasm 3.0)"),
    FUNCTION_REFERENCES("typed function references (Wasm 3.0)"),
    GC("garbage collection: struct, array, i31, type recursion (Wasm 3.0)"),
    EXCEPTIONS("exception handling (Wasm 3.0)"),
    RELAXED_SIMD("relaxed SIMD (Wasm 3.0)"),
    THREADS("threads and shared memory"),
    CUSTOM_ANNOTATIONS("custom-section annotations (@custom)");

    private final String description;

    Feature(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
