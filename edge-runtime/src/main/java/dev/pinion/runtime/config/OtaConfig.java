package dev.pinion.runtime.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code ota} section: how this gateway takes module releases over MQTT (docs/ota-protocol.md). The
 * trusted keys are the top-level {@code trusted_keys}, the allowed grants and topics the {@code policy}, the
 * highest limits {@code limits.max}.
 *
 * @param enabled        false: no desired-state subscription at all (stored releases still boot)
 * @param groups         groups this gateway belongs to: it follows {@code pinion/<group>/desired/+} too
 * @param healthWindow   how long a new release must run without a trap before it counts as good
 * @param maxModuleBytes the largest module accepted
 * @param probation      how long after its health window a failing new release is still rolled back (0: never)
 */
public record OtaConfig(boolean enabled, List<String> groups, Duration healthWindow, long maxModuleBytes,
        Duration probation) {
    public static final OtaConfig DEFAULT = new OtaConfig(true, List.of(), Duration.ofSeconds(3), 16L << 20,
            Duration.ofMinutes(10));

    public OtaConfig {
        groups = List.copyOf(groups);
    }
}
