package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Global;
import dev.pinion.engine.ValType;

/**
 * A global: numeric values as raw bits in {@link #bits}, reference values as an object in {@link #ref}
 * (the interpreter converts to and from stack handles). Shared as-is when imported by another instance.
 */
public final class GlobalInstance implements Global {
    private final ValType type;
    private final boolean mutable;
    public long bits;
    /** High 64 bits of a v128 value (its low 64 bits are in {@link #bits}). */
    public long high;
    public Object ref;

    public GlobalInstance(ValType type, boolean mutable) {
        this.type = type;
        this.mutable = mutable;
    }

    public static Global create(ValType type, boolean mutable, long bits, Object ref) {
        GlobalInstance g = new GlobalInstance(type, mutable);
        g.bits = bits;
        g.ref = TableInstance.checkRef(type, ref);
        return g;
    }

    @Override
    public ValType type() {
        return type;
    }

    @Override
    public boolean mutable() {
        return mutable;
    }

    @Override
    public long get() {
        return bits;
    }

    @Override
    public long getHigh() {
        return high;
    }

    @Override
    public void set(long v) {
        if (!mutable) throw new IllegalStateException("global is immutable");
        bits = v;
    }

    @Override
    public Object getRef() {
        return ref;
    }

    @Override
    public void setRef(Object r) {
        if (!mutable) throw new IllegalStateException("global is immutable");
        ref = TableInstance.checkRef(type, r);
    }
}
