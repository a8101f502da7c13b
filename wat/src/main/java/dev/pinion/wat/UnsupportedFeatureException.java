package dev.pinion.wat;

/**
 * Well-formed text that uses a WebAssembly feature this parser recognises but cannot yet turn into a binary
 * module (for example Wasm 3.0 garbage collection). Not "malformed": a spec runner reports it as a skip naming
 * the feature, never as a failure of the module.
 */
public final class UnsupportedFeatureException extends WatException {
    private final Feature feature;

    public UnsupportedFeatureException(int line, int column, Feature feature, String what) {
        super(line, column, feature.description() + " is not supported yet (" + what + ")");
        this.feature = feature;
    }

    public Feature feature() {
        return feature;
    }
}
