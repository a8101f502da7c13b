package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Trap;
import dev.pinion.engine.Config;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.interp.CompiledSupport;
import dev.pinion.engine.internal.tier2.CompiledCode;
import dev.pinion.engine.internal.tier2.OsrCode;
import dev.pinion.engine.internal.tier2.Tier2;
import dev.pinion.engine.internal.lower.CompiledFunction;
import dev.pinion.engine.internal.model.Code;
import dev.pinion.engine.internal.model.Slots;

/** A function defined by a module, bound to one instance (its memory, tables and globals). */
public final class WasmFunction extends FunctionInstance {
    public final InstanceImpl instance;
    /**
     * The lowered code; in the tiered and compiled modes with LOOP headers (tier2.LoopHeaders) until the compiler
     * rejects the function, when it is replaced by the same code without them (same layout, so frames running
     * the old array stay valid; see Tier2.reject).
     */
    public int[] code;
    public int numLocals;
    /** Values of the constant slots that follow the locals; copied into each new frame. */
    public long[] constants;
    public int frameSize;
    /**
     * Whether {@link #code}, {@link #numLocals}, {@link #constants} and {@link #frameSize} are set: at
     * instantiation in the compile-everything mode, else at the first entry ({@link #lower}), which every mode
     * takes out of the interpreter's loop (the countdown starts below the interpreter's inline path). A call on
     * this instance from another thread at the same time is the embedder's to serialise (Instance), so a frame
     * is never set up from fields another thread is still writing.
     */
    public boolean lowered;
    private final Trap.Frame frame;
    /** This function's compiled code once tier 2 has it (written by the compiler thread, read at each entry). */
    public volatile CompiledCode tier2;
    /** On-stack-replacement entries compiled (or asked for) at this function's loop headers; see {@link Tier2}. */
    public volatile OsrCode osr;
    /**
     * Hotness countdown: every entry (from anywhere) and every loop iteration in the interpreter subtracts one;
     * below zero, {@link Tier2} decides (compile in the background, or switch a running loop to compiled code).
     * Starts at 0 in every mode: the first entry lowers the function ({@link #lower}) and, in the tiered mode,
     * gives it its LOOP headers ({@link #markLoops}) and the countdown {@link Tier2#threshold()}; in the other
     * modes it then stays at Integer.MAX_VALUE (never reached in practice, and harmless if it is). Racy on
     * purpose: a hint, not a total.
     */
    public int hotness;
    /** Whether the tiered mode may compile this function (false in the other modes, or once it was rejected). */
    public boolean tiered;
    /** Whether {@link #code} has LOOP headers (tier2.LoopHeaders); guarded by this object's lock. */
    public boolean loopsMarked;
    private final int defIndex;
    /** Set once queued for compilation, so that it is queued once. */
    public boolean queued;

    WasmFunction(InstanceImpl instance, int index, dev.pinion.engine.FuncType type) {
        super(type);
        this.instance = instance;
        CompiledModule m = instance.module;
        this.frame = new Trap.Frame(m.name(), index, m.functionName(index));
        this.tiered = m.config().tier() == Config.Tier.TIERED;
        // 0: the first entry leaves the interpreter's inline call path (Tier2.hot), which lowers the function
        this.hotness = 0;
        this.loopsMarked = m.config().tier() == Config.Tier.COMPILED;
        this.defIndex = index - m.importedFunctions;
        if (loopsMarked) lower();
    }

    /** Sets this function's code and frame layout from the module's lowered code, once (see {@link #lowered}). */
    public synchronized void lower() {
        if (lowered) return;
        CompiledFunction f = instance.module.lowered(defIndex);
        numLocals = f.numLocals();
        constants = f.constants();
        frameSize = f.frameSize();
        code = f.code();
        lowered = true;
    }

    /**
     * Switches this function to its code with LOOP headers (made once per module, on the first entry of the
     * function in any instance), so that its loop iterations count. Lazily, because a big module's functions are
     * mostly never run: marking all of them at load would delay a large module's first output. Frames already
     * running the unmarked code stay valid (same layout) and just do not count their iterations.
     */
    public synchronized void markLoops() {
        lower();
        if (!loopsMarked) {
            code = instance.module.markedCode(defIndex);
            loopsMarked = true;
        }
    }

    /** Whether this function's code has a loop, i.e. whether {@link #markLoops} changes it. */
    public boolean hasLoops() {
        return instance.module.hasLoops(defIndex);
    }

    /** This function as a backtrace entry. */
    public Trap.Frame frame() {
        return frame;
    }

    @Override
    void enter(ExecContext ctx, int base) {
        CompiledSupport.invoke(ctx, this, base);
    }

    @Override
    CallLimits defaultLimits() {
        return instance.module.config().limits();
    }

    @Override
    int callDepthLimit() {
        return instance.module.config().maxCallDepth();
    }

    /**
     * The type of each frame slot that holds a parameter or declared local of type i32 or f64, null for the
     * other slots: tier 2 keeps those in JVM {@code int} and {@code double} locals. Computed on demand from the
     * module's code section (a compiler's question, not kept).
     */
    public ValType[] typedLocalSlots() {
        ValType[] out = new ValType[numLocals];
        int slot = 0;
        for (ValType t : type().params()) {
            if (t == ValType.I32 || t == ValType.F64) out[slot] = t;
            slot += Slots.of(t);
        }
        Code body = instance.module.info.codes().get(defIndex);
        for (int r = 0; r < body.runCount(); r++) {
            ValType t = body.runType(r);
            int w = Slots.of(t);
            for (int k = body.runLength(r); k > 0 && slot < numLocals; k--, slot += w) {
                if (t == ValType.I32 || t == ValType.F64) out[slot] = t;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "wasm function " + frame;
    }
}
