package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.WasmFunction;

/**
 * A function's body compiled to JVM bytecode: the superclass of each hidden class the {@link Compiler} defines.
 * {@link #run} has the interpreter's calling convention (arguments at {@code ctx.stack[fp..]}, results left
 * there); the call-depth count and trap backtraces are kept by its caller,
 * {@link dev.pinion.engine.internal.interp.CompiledSupport#invoke}.
 */
public abstract class CompiledCode {
    protected CompiledCode() {}

    public abstract void run(ExecContext ctx, WasmFunction fn, int fp);
}
