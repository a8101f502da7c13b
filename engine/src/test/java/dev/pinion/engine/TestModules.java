package dev.pinion.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the test modules under src/test/resources/wasm (each .wasm built from the .wat beside it by wat2wasm). */
final class TestModules {
    private TestModules() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) throw new IllegalArgumentException("no test module " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WasmModule compile(String name) {
        return WasmModule.compile(bytes(name));
    }

    static WasmModule compile(String name, Config config) {
        return WasmModule.compile(bytes(name), config);
    }

    static Instance instantiate(String name) {
        return compile(name).instantiate();
    }
}
