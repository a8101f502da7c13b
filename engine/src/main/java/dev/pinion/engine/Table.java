package dev.pinion.engine;

/**
 * A table of references: {@link Function} objects for funcref tables, any Object for externref, null for
 * a null reference. Out-of-range access throws a {@link Trap} (out of bounds table access).
 * Not for embedders to implement.
 */
public interface Table {
    static Table create(ValType elementType, Limits limits) {
        return dev.pinion.engine.internal.exec.TableInstance.create(elementType, limits);
    }

    ValType elementType();

    Limits limits();

    int size();

    Object get(int index);

    void set(int index, Object ref);

    /** Grow by {@code delta} elements set to {@code init}; returns the old size or -1. */
    int grow(int delta, Object init);
}
