package dev.pinion.runtime.config;

import dev.pinion.runtime.supervisor.ModuleLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * A module the daemon loads at boot.
 *
 * @param grants  device grants ({@code led:out}), each allowed by the policy
 * @param publish topic filters it may publish within, each inside the policy's
 * @param limits  effective limits: its own, else the defaults, never above the maximum
 */
public record ModuleConfig(String name, Path path, List<String> grants, List<String> publish, ModuleLimits limits,
                           List<TriggerConfig> triggers) {
    public ModuleConfig {
        grants = List.copyOf(grants);
        publish = List.copyOf(publish);
        triggers = List.copyOf(triggers);
    }
}
