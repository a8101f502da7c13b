package dev.pinion.runtime.supervisor;

import dev.pinion.engine.Config;

import java.util.List;
import java.util.Objects;

/**
 * Everything the supervisor needs to run one module: its name (unique per gateway), a version label, the
 * binary, its limits, the handler exports its triggers call, how to link a new instance and the engine tier its
 * instances run in (config {@code engine.tier}).
 */
public record ModuleSpec(String name, String version, byte[] wasm, ModuleLimits limits, List<Handler> handlers,
                         HostLinker linker, Config.Tier tier) {
    /** A spec in the engine's default tier. */
    public ModuleSpec(String name, String version, byte[] wasm, ModuleLimits limits, List<Handler> handlers,
                      HostLinker linker) {
        this(name, version, wasm, limits, handlers, linker, Config.DEFAULT.tier());
    }

    public ModuleSpec {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(limits, "limits");
        handlers = List.copyOf(handlers);
        Objects.requireNonNull(linker, "linker");
    }
}
