package dev.pinion.engine.internal.lower;

import dev.pinion.engine.FuncType;

/**
 * One function lowered to internal code (see {@link dev.pinion.engine.internal.interp.Op}). Immutable.
 *
 * @param index      index in the module's function index space
 * @param type       signature
 * @param code       the internal code
 * @param numLocals  parameters plus declared locals: slots 0..numLocals-1
 * @param constants  values the frame's constant slots (numLocals..numLocals+constants.length-1) hold on entry
 * @param frameSize  locals, constant slots and the maximum operand-stack height: the slots a frame needs
 * @param loops      whether the code has a loop (a FUEL instruction other than the entry's)
 */
public record CompiledFunction(int index, FuncType type, int[] code, int numLocals, long[] constants, int frameSize,
                               boolean loops) {
    public int numParams() {
        return type.params().size();
    }

    public int numResults() {
        return type.results().size();
    }
}
