package dev.pinion.engine.internal.model;

import dev.pinion.engine.ValType;
import java.util.Arrays;

/**
 * A function body as decoded: its declared locals (parameters not included) and the byte range of the instruction
 * sequence in the module, {@code bodyStart} inclusive to {@code bodyEnd} exclusive; the last byte of the range is
 * the function's final {@code end} (0x0B).
 *
 * <p>Locals are kept as the runs the binary declares them in ({@code (count, type)} pairs), not expanded: a body
 * of a few bytes can declare tens of thousands of locals, and expanding them for every function would let a small
 * module claim gigabytes. Use {@link #localCount()} and {@link #localType(int)}; {@link #locals()} expands.
 */
public final class Code {
    /** Exclusive end index of each run in the local index space (after the parameters), ascending. */
    private final int[] runEnds;
    private final ValType[] runTypes;
    private final int bodyStart;
    private final int bodyEnd;

    /**
     * @param runCounts number of locals in each declared run
     * @param runTypes  type of each run
     */
    public Code(int[] runCounts, ValType[] runTypes, int bodyStart, int bodyEnd) {
        if (runCounts.length != runTypes.length) throw new IllegalArgumentException("runs and types differ in length");
        this.runEnds = new int[runCounts.length];
        int total = 0;
        for (int i = 0; i < runCounts.length; i++) {
            total = Math.addExact(total, runCounts[i]);
            runEnds[i] = total;
        }
        this.runTypes = runTypes.clone();
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
    }

    /** From expanded locals (tests and hand-built code). */
    public Code(ValType[] locals, int bodyStart, int bodyEnd) {
        this(ones(locals.length), locals, bodyStart, bodyEnd);
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** Number of declared locals (parameters not included). */
    public int localCount() {
        return runEnds.length == 0 ? 0 : runEnds[runEnds.length - 1];
    }

    /** Type of declared local {@code i} (0-based, parameters not included). */
    public ValType localType(int i) {
        if (i < 0 || i >= localCount()) throw new IndexOutOfBoundsException(i);
        int lo = 0, hi = runEnds.length - 1;
        while (lo < hi) { // first run whose end is beyond i
            int mid = (lo + hi) >>> 1;
            if (runEnds[mid] > i) hi = mid; else lo = mid + 1;
        }
        return runTypes[lo];
    }

    /** Number of declared runs. */
    public int runCount() {
        return runTypes.length;
    }

    /** Type of run {@code r}. */
    public ValType runType(int r) {
        return runTypes[r];
    }

    /** Number of locals in run {@code r}. */
    public int runLength(int r) {
        return runEnds[r] - (r == 0 ? 0 : runEnds[r - 1]);
    }

    /** The declared locals expanded into a fresh array (allocates {@link #localCount()} entries). */
    public ValType[] locals() {
        ValType[] all = new ValType[localCount()];
        int start = 0;
        for (int r = 0; r < runEnds.length; r++) {
            Arrays.fill(all, start, runEnds[r], runTypes[r]);
            start = runEnds[r];
        }
        return all;
    }

    public int bodyStart() {
        return bodyStart;
    }

    public int bodyEnd() {
        return bodyEnd;
    }

    @Override
    public String toString() {
        return "Code[locals=" + localCount() + ", body=" + bodyStart + ".." + bodyEnd + "]";
    }
}
