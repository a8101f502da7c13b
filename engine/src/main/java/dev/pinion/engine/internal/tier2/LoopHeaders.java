package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.internal.interp.Op;
import dev.pinion.engine.internal.lower.CompiledFunction;
import dev.pinion.engine.internal.model.Slots;

/**
 * Prepares a lowered function for tiering, once per module: every loop header's FUEL becomes {@link Op#LOOP} and
 * every back-edge (a negative target, which charges the loop's cost at the branch) becomes a plain branch to that
 * LOOP instruction, which charges the same cost. So each loop iteration passes one instruction where the
 * interpreter can count the function's hotness and switch to compiled code (on-stack replacement), without a
 * counter in each of the interpreter's thirteen branch forms; the fuel charged, and where, is unchanged (nothing
 * runs between the branch and the header). A {@code RETURN 0 n} is appended: the interpreter jumps there after
 * compiled code has run a frame to its end, leaving the results in the frame's first slots.
 *
 * <p>Only FUEL at pc 0 (the function's entry) is not a loop header: the lowerer emits FUEL nowhere else.
 */
public final class LoopHeaders {
    private LoopHeaders() {}

    public static CompiledFunction mark(CompiledFunction f) {
        int[] in = f.code();
        int[] code = java.util.Arrays.copyOf(in, in.length + 3);
        for (int pc = 0; pc < in.length; pc += Op.length(in, pc)) {
            int op = in[pc];
            switch (op) {
                case Op.FUEL -> {
                    if (pc != 0) code[pc] = Op.LOOP;
                }
                case Op.BR -> code[pc + 1] = header(in[pc + 1]);
                case Op.BR_IF, Op.BR_UNLESS, Op.BR_IF_I32_EQZ -> code[pc + 2] = header(in[pc + 2]);
                default -> {
                    if (op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U) code[pc + 3] = header(in[pc + 3]);
                }
            }
        }
        code[in.length] = Op.RETURN;
        code[in.length + 1] = 0;
        code[in.length + 2] = Slots.of(f.type().results());
        return new CompiledFunction(f.index(), f.type(), code, f.numLocals(), f.constants(), f.frameSize(), f.loops());
    }

    /**
     * The code {@link #mark} made, back in the interpreter-only form (LOOP to FUEL, branches to a loop header to
     * negative targets, the appended RETURN dropped), for a function that will stay interpreted: its loops then
     * skip the header's dispatch again. Every pc keeps its instruction. A forward branch that happened to land
     * on a loop header also becomes a negative target, which charges the same cost and continues at the same
     * instruction. Until 2026-12-05 that was done to BR_UNLESS too, whose interpreter form takes its target as a
     * pc: a rejected function with an {@code if} right before a loop then jumped to a negative pc (reported as an
     * out-of-bounds memory access).
     */
    public static int[] unmark(int[] marked) {
        int n = marked.length - 3;
        int[] code = java.util.Arrays.copyOf(marked, n);
        for (int pc = 0; pc < n; pc += Op.length(marked, pc)) {
            int op = marked[pc];
            switch (op) {
                case Op.LOOP -> code[pc] = Op.FUEL;
                case Op.BR -> code[pc + 1] = backEdge(marked, marked[pc + 1]);
                // BR_UNLESS (an if's jump past its then-branch) only goes forward, and the interpreter does not
                // decode a negative target for it: one that lands on a loop header (an if right before a loop)
                // stays a plain target, reaching the header's FUEL, as the lowerer made it
                case Op.BR_IF, Op.BR_IF_I32_EQZ -> code[pc + 2] = backEdge(marked, marked[pc + 2]);
                default -> {
                    if (op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U) code[pc + 3] = backEdge(marked, marked[pc + 3]);
                }
            }
        }
        return code;
    }

    private static int backEdge(int[] marked, int t) {
        return t >= 0 && marked[t] == Op.LOOP ? ~(t + 2) : t;
    }

    /** A back-edge {@code ~t} (t just after the loop's FUEL) becomes the header itself; other targets stay. */
    private static int header(int t) {
        return t < 0 ? ~t - 2 : t;
    }

    /** The pc of the RETURN that {@link #mark} appended. */
    public static int osrReturn(int[] code) {
        return code.length - 3;
    }
}
