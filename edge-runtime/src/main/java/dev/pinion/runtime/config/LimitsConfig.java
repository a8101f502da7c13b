package dev.pinion.runtime.config;

import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.RestartPolicy;

/**
 * The operator's limits: what a module gets when it asks for nothing ({@code defaults}), the most it may ask
 * for ({@code max}), the largest message payload handed to a module, and the restart policy.
 */
public record LimitsConfig(ModuleLimits defaults, ModuleLimits max, long maxPayloadBytes, RestartPolicy restart) {
    public static final long DEFAULT_MAX_PAYLOAD = 256 * 1024;
    public static final ModuleLimits DEFAULT_MAX =
            new ModuleLimits(1_000_000_000L, java.time.Duration.ofSeconds(10), 256L << 20, 10_000);
    public static final LimitsConfig DEFAULT =
            new LimitsConfig(ModuleLimits.DEFAULT, DEFAULT_MAX, DEFAULT_MAX_PAYLOAD, RestartPolicy.DEFAULT);
}
