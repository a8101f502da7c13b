package dev.pinion.wat;

import java.util.Set;

/**
 * A module read from the text format.
 *
 * @param binary   its binary encoding, ready for {@code WasmModule.compile}
 * @param features the features beyond Wasm 2.0 (without SIMD) that it uses, plus {@link Feature#SIMD}; empty for
 *                 a {@code (module binary ...)}, whose bytes are not inspected
 */
public record WatModule(byte[] binary, Set<Feature> features) {
    public WatModule {
        features = Set.copyOf(features);
    }
}
