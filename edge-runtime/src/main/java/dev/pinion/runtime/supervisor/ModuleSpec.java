package dev.pinion.runtime.supervisor;

import java.util.List;
import java.util.Objects;

/**
 * Everything the supervisor needs to run one module: its name (unique per gateway), a version label, the
 * binary, its limits, the handler exports its triggers call and how to link a new instance.
 */
public record ModuleSpec(String name, String version, byte[] wasm, ModuleLimits limits, List<Handler> handlers,
                         HostLinker linker) {
    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(limits, "limits");
        handlers = List.copyOf(handlers);
        Objects.requireNonNull(linker, "linker");
    }
}
