package dev.pinion.engine;

import java.util.Map;

/**
 * An instantiated module: its own memories, tables and globals (unless imported), isolated from every other
 * instance of the same {@link WasmModule}. A single instance runs one call at a time per thread; calls on one
 * instance from several threads at once share its memory and are the embedder's to serialise.
 * Not for embedders to implement.
 */
public interface Instance {
    WasmModule module();

    /** The exported extern with this name (Function, Memory, Table or Global), or null. */
    Object export(String name);

    /** All exports by name, in declaration order. */
    Map<String, Object> exports();

    /** The exported function, or throws IllegalArgumentException naming the missing export. */
    Function function(String name);

    /** The exported memory with this name, or null. */
    Memory memory(String name);

    /** The export "memory", else memory 0 (imported or defined), else null. */
    Memory memory();

    /** The exported global, or null. */
    Global global(String name);

    /** The exported table, or null. */
    Table table(String name);
}
