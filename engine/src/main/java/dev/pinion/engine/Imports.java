package dev.pinion.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a module's imports by (module name, field name). Holds host modules and instances registered
 * under a module name. Immutable; build with {@link #builder()}.
 */
public final class Imports {
    public static final Imports NONE = builder().build();

    private final Map<String, HostModule> hostModules;
    private final Map<String, Instance> instances;

    private Imports(Map<String, HostModule> hostModules, Map<String, Instance> instances) {
        this.hostModules = Map.copyOf(hostModules);
        this.instances = Map.copyOf(instances);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The extern for an import (Function, Memory, Table or Global), or null if none is known. */
    public Object resolve(String module, String field) {
        HostModule host = hostModules.get(module);
        if (host != null) return host.export(field);
        Instance instance = instances.get(module);
        if (instance != null) return instance.export(field);
        return null;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.hostModules.putAll(hostModules);
        b.instances.putAll(instances);
        return b;
    }

    public static final class Builder {
        private final Map<String, HostModule> hostModules = new LinkedHashMap<>();
        private final Map<String, Instance> instances = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(HostModule module) {
            instances.remove(module.name());
            hostModules.put(module.name(), module);
            return this;
        }

        /** Make an instance's exports importable under {@code name} (the spec's "register"). */
        public Builder add(String name, Instance instance) {
            hostModules.remove(name);
            instances.put(Objects.requireNonNull(name), Objects.requireNonNull(instance));
            return this;
        }

        public Imports build() {
            return new Imports(hostModules, instances);
        }
    }
}
