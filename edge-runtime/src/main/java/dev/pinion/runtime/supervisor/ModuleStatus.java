package dev.pinion.runtime.supervisor;

/**
 * A snapshot of one supervised module.
 *
 * @param memoryPages current linear memory size of its instance (0 while it has none)
 * @param reason      why it is in BACKOFF or DISABLED (the last failure), else null
 */
public record ModuleStatus(String name, String version, ModuleState state, int queueDepth, int queueCapacity,
                           int memoryPages, String reason) {}
