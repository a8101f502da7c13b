package dev.pinion.ota;

import java.nio.file.Path;

/**
 * A verified, stored release: its signed manifest and the module file under the data directory
 * ({@code modules/<name>/<version>/module.wasm}). Only the OTA store creates these after verification, so a host
 * handed one may run it.
 */
public record ModuleRelease(Manifest manifest, Path wasm) {
    public String name() {
        return manifest.name();
    }

    public Version version() {
        return manifest.version();
    }

    public String sha256() {
        return manifest.sha256();
    }

    @Override
    public String toString() {
        return manifest.toString();
    }
}
