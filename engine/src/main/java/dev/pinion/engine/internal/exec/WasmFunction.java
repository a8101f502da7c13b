package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.interp.Interpreter;
import dev.pinion.engine.internal.lower.CompiledFunction;

/** A function defined by a module, bound to one instance (its memory, tables and globals). */
public final class WasmFunction extends FunctionInstance {
    public final InstanceImpl instance;
    public final int[] code;
    public final int numLocals;
    /** Values of the constant slots that follow the locals; copied into each new frame. */
    public final long[] constants;
    public final int frameSize;
    private final Trap.Frame frame;

    WasmFunction(InstanceImpl instance, CompiledFunction f) {
        super(f.type());
        this.instance = instance;
        this.code = f.code();
        this.numLocals = f.numLocals();
        this.constants = f.constants();
        this.frameSize = f.frameSize();
        CompiledModule m = instance.module;
        this.frame = new Trap.Frame(m.name(), f.index(), m.functionName(f.index()));
    }

    /** This function as a backtrace entry. */
    public Trap.Frame frame() {
        return frame;
    }

    @Override
    void enter(ExecContext ctx, int base) {
        Interpreter.execute(ctx, this, base);
    }

    @Override
    CallLimits defaultLimits() {
        return instance.module.config().limits();
    }

    @Override
    int callDepthLimit() {
        return instance.module.config().maxCallDepth();
    }

    @Override
    public String toString() {
        return "wasm function " + frame;
    }
}
