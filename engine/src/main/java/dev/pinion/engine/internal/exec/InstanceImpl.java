package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Function;
import dev.pinion.engine.Global;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Table;
import dev.pinion.engine.WasmModule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance: the runtime state one instantiation owns or imported. Fields are read directly by the interpreter.
 */
public final class InstanceImpl implements Instance {
    public final CompiledModule module;
    /** Memory 0, or null if the module has none. */
    public MemoryInstance memory;
    public TableInstance[] tables;
    public GlobalInstance[] globals;
    /** The function index space: imports first. */
    public FunctionInstance[] functions;
    /** Canonical type id of each type index, for call_indirect. */
    public int[] typeIds;
    /** Element segments as resolved references; null once dropped. */
    public Object[][] elems;
    public boolean[] dataDropped;
    final Map<String, Object> exports = new LinkedHashMap<>();

    InstanceImpl(CompiledModule module) {
        this.module = module;
    }

    @Override
    public WasmModule module() {
        return module;
    }

    @Override
    public Object export(String name) {
        return exports.get(name);
    }

    @Override
    public Map<String, Object> exports() {
        return Collections.unmodifiableMap(exports);
    }

    @Override
    public Function function(String name) {
        if (exports.get(name) instanceof Function f) return f;
        throw new IllegalArgumentException("no exported function named '" + name + "'"
                + (exports.containsKey(name) ? " (the export is not a function)" : ""));
    }

    @Override
    public Memory memory(String name) {
        return exports.get(name) instanceof Memory m ? m : null;
    }

    @Override
    public Memory memory() {
        Memory m = memory("memory");
        return m != null ? m : memory;
    }

    @Override
    public Global global(String name) {
        return exports.get(name) instanceof Global g ? g : null;
    }

    @Override
    public Table table(String name) {
        return exports.get(name) instanceof Table t ? t : null;
    }
}
