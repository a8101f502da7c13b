package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Table;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.interp.Traps;

import java.util.Arrays;

/**
 * A table of references held as objects: {@link dev.pinion.engine.Function} for funcref, any object for externref,
 * null for the null reference. Shared as-is when imported by another instance.
 */
public final class TableInstance implements Table {
    public Object[] elements;
    private final ValType elementType;
    private final Limits limits;
    private final long cap;

    public TableInstance(ValType elementType, Limits limits, long capElements) {
        this.elementType = elementType;
        this.limits = limits;
        this.cap = limits.hasMax() ? Math.min(limits.max(), capElements) : capElements;
        if (limits.min() > cap) {
            throw new Trap(Trap.Kind.RESOURCE_LIMIT, "table minimum of " + limits.min()
                    + " elements exceeds the limit of " + cap + " elements");
        }
        this.elements = new Object[(int) limits.min()];
    }

    public static Table create(ValType elementType, Limits limits) {
        if (!elementType.isReference()) throw new IllegalArgumentException("table element type must be a reference type, got " + elementType);
        return new TableInstance(elementType, limits, Integer.MAX_VALUE - 8);
    }

    @Override
    public ValType elementType() {
        return elementType;
    }

    @Override
    public Limits limits() {
        return new Limits(elements.length, limits.max());
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= elements.length) throw Traps.table();
        return elements[index];
    }

    /** A funcref table may only hold this engine's functions: call_indirect relies on it. */
    static Object checkRef(ValType type, Object ref) {
        if (type == ValType.FUNCREF && ref != null && !(ref instanceof FunctionInstance)) {
            throw new IllegalArgumentException("a funcref value must be a Function of this engine or null, got "
                    + ref.getClass().getName());
        }
        return ref;
    }

    @Override
    public void set(int index, Object ref) {
        checkRef(elementType, ref);
        if (index < 0 || index >= elements.length) throw Traps.table();
        elements[index] = ref;
    }

    @Override
    public int grow(int delta, Object init) {
        checkRef(elementType, init);
        int old = elements.length;
        if (delta < 0 || (long) old + delta > cap) return -1;
        if (delta == 0) return old;
        Object[] n = Arrays.copyOf(elements, old + delta);
        Arrays.fill(n, old, n.length, init);
        elements = n;
        return old;
    }
}
