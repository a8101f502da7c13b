package dev.pinion.engine;

/**
 * A global variable. Numeric values as raw bits (see {@link Function}); reference values as objects.
 * Not for embedders to implement.
 */
public interface Global {
    static Global create(ValType type, boolean mutable, long bits) {
        return dev.pinion.engine.internal.exec.GlobalInstance.create(type, mutable, bits, null);
    }

    static Global createRef(ValType type, boolean mutable, Object ref) {
        return dev.pinion.engine.internal.exec.GlobalInstance.create(type, mutable, 0, ref);
    }

    ValType type();

    boolean mutable();

    /** Raw bits of a numeric global; for a v128 global its low 64 bits (lanes in little-endian order). */
    long get();

    /** The high 64 bits of a v128 global; 0 for other types. */
    long getHigh();

    /** Set the raw bits of a mutable numeric global. */
    void set(long bits);

    /** The value of a reference global (Function, host object or null). */
    Object getRef();

    void setRef(Object ref);
}
