package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;

/** Creates traps raised by guest code. Each trap is a fresh object (it gets its own Wasm frames) without a JVM stack. */
public final class Traps {
    private Traps() {}

    public static Trap of(Trap.Kind kind) {
        return new Trap(kind);
    }

    public static Trap memory() {
        return new Trap(Trap.Kind.OUT_OF_BOUNDS_MEMORY);
    }

    public static Trap table() {
        return new Trap(Trap.Kind.OUT_OF_BOUNDS_TABLE);
    }
}
