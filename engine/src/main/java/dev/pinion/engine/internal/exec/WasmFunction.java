package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Trap;
import dev.pinion.engine.Config;
import dev.pinion.engine.internal.interp.CompiledSupport;
import dev.pinion.engine.internal.interp.Interpreter;
import dev.pinion.engine.internal.tier2.CompiledCode;
import dev.pinion.engine.internal.tier2.Tier2;
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
    /** This function's compiled code once tier 2 has it (written by the compiler thread, read at each entry). */
    public volatile CompiledCode tier2;
    /** Entries from Java/host code, counted in the tiered mode only (racy on purpose: a hint, not a total). */
    private int entries;
    private final boolean tiered;

    WasmFunction(InstanceImpl instance, CompiledFunction f) {
        super(f.type());
        this.instance = instance;
        this.code = f.code();
        this.numLocals = f.numLocals();
        this.constants = f.constants();
        this.frameSize = f.frameSize();
        CompiledModule m = instance.module;
        this.frame = new Trap.Frame(m.name(), f.index(), m.functionName(f.index()));
        this.tiered = m.config().tier() == Config.Tier.TIERED;
    }

    /** This function as a backtrace entry. */
    public Trap.Frame frame() {
        return frame;
    }

    @Override
    void enter(ExecContext ctx, int base) {
        CompiledCode c = tier2;
        if (c != null) {
            CompiledSupport.invoke(ctx, this, base);
            return;
        }
        if (tiered && ++entries == Tier2.HOT_ENTRIES) Tier2.hot(this);
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
