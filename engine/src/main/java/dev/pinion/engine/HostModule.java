package dev.pinion.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of host-provided functions, memories, tables and globals that modules can import.
 * Build with {@link #builder(String)}; immutable once built.
 */
public final class HostModule {
    private final String name;
    private final Map<String, Object> exports;

    private HostModule(String name, Map<String, Object> exports) {
        this.name = name;
        this.exports = Map.copyOf(exports);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The export with this name: a {@link Function}, {@link Memory}, {@link Table} or {@link Global}; or null. */
    public Object export(String field) {
        return exports.get(field);
    }

    public Map<String, Object> exports() {
        return exports;
    }

    public static final class Builder {
        private final String name;
        private final Map<String, Object> exports = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder function(String field, FuncType type, HostFunction fn) {
            return put(field, dev.pinion.engine.internal.exec.HostFunctionInstance.create(name, field, type, fn));
        }

        public Builder memory(String field, Memory memory) {
            return put(field, memory);
        }

        public Builder table(String field, Table table) {
            return put(field, table);
        }

        public Builder global(String field, Global global) {
            return put(field, global);
        }

        /** Re-export any extern (e.g. a function exported by another instance). */
        public Builder extern(String field, Object extern) {
            return put(field, extern);
        }

        private Builder put(String field, Object value) {
            if (exports.putIfAbsent(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value)) != null) {
                throw new IllegalArgumentException("duplicate export '" + field + "' in host module '" + name + "'");
            }
            return this;
        }

        public HostModule build() {
            return new HostModule(name, exports);
        }
    }
}
