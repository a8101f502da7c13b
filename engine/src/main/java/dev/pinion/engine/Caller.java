package dev.pinion.engine;

/**
 * What a host function may see of the Wasm code that called it. Valid only for the duration of the call.
 */
public interface Caller {
    /** The instance whose code made the call (the importer). */
    Instance instance();

    /**
     * The caller's linear memory: its export named "memory" or else its memory 0; null if it has none.
     */
    Memory memory();

    /** The object a reference value on the stack stands for (Function, host object, or null). */
    Object refToObject(long ref);

    /** The stack value for a reference (Function, host object, or null), to return as a result. */
    long objectToRef(Object ref);
}
