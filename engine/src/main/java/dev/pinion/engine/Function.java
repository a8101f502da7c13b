package dev.pinion.engine;

/**
 * A function that can be called from Java or imported by a module: an export of an instance, or a host
 * function. Values cross as raw bits: i32 in the low 32 bits, i64 as is, f32/f64 as their IEEE bits
 * ({@link Float#floatToRawIntBits}, {@link Double#doubleToRawLongBits}), v128 as two longs (the low 64 bits,
 * then the high 64 bits; lane 0 in the lowest bits). Reference arguments and results use {@link #invoke}, where a
 * v128 is a {@code long[2]} (low, high). Not for embedders to implement.
 */
public interface Function {
    FuncType type();

    /** Call with raw-bit arguments under the instance's default limits; returns raw-bit results. */
    long[] call(long... args);

    /**
     * Call with raw-bit arguments under the given limits. A call made from inside a host function (re-entry on
     * the same thread) shares the fuel, deadline and interrupt of the outermost call; its own limits are ignored.
     */
    long[] call(CallLimits limits, long... args);

    /**
     * Call with typed arguments: Integer for i32, Long for i64, Float, Double, and for references a
     * {@link Function} (funcref), any Object (externref) or null. Results come back the same way.
     */
    Object[] invoke(Object... args);
}
