package dev.pinion.runtime.supervisor;

import dev.pinion.engine.Imports;

/**
 * Builds the imports of one new instance of a module: WASI, the {@code pinion_*} host modules for its grants,
 * {@code pinion_mqtt} for its topics. Called each time the supervisor creates an instance (at load, after a
 * failure, for a swap), so no host state survives from a failed instance.
 */
@FunctionalInterface
public interface HostLinker {
    /** A linker for modules that import nothing. */
    HostLinker NONE = context -> new Linked(Imports.NONE, () -> {});

    Linked link(InstanceContext context);

    /**
     * The imports and what to release when the instance is discarded (descriptors a WASI guest left open, device
     * handles).
     */
    record Linked(Imports imports, AutoCloseable resources) {}
}
