package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;
import dev.pinion.engine.WasmExit;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.MemoryInstance;
import dev.pinion.engine.internal.exec.WasmFunction;

import java.lang.foreign.MemorySegment;

/**
 * Runs lowered code (see {@link Op}). One {@code switch} on a dense opcode in one method, kept under HotSpot's
 * 8000-byte HugeMethodLimit so it is JIT-compiled; rare instructions live in {@link Ops} and {@link Misc}.
 * Wasm-to-Wasm calls do not recurse on the JVM stack: the caller's pc, frame pointer and function are pushed onto
 * the context's frame stack and the loop continues in the callee. Only calls through host functions re-enter.
 */
public final class Interpreter {
    private Interpreter() {}

    static {
        MemoryInstance.linkAccessors(); // before this loop is ever compiled, even for modules without memory
    }

    /**
     * The local budget's value while a call out of this loop runs (compiled code, a host, an OSR entry): the
     * callee spends ctx.budget, so a trap coming back from it must not have the stale local written over it.
     */
    private static final long IN_CALL = Long.MIN_VALUE;

    /**
     * Effective address of an access to {@code base + offset}: both unsigned 32-bit, so the sum has 33 bits and
     * never wraps. It is not checked here: the memory's segment is exactly as long as the memory, so the
     * segment's own check on the access is the bounds check (one compare per access), and its
     * IndexOutOfBoundsException becomes the out-of-bounds trap below. A sum past 2^32 is past any memory.
     */
    static long ea(long base, int offset) {
        return (base & 0xFFFF_FFFFL) + (offset & 0xFFFF_FFFFL);
    }

    static MemorySegment bytes(MemoryInstance m) {
        return m == null ? MemoryInstance.EMPTY : m.segment;
    }

    /**
     * Runs {@code entry} with its arguments already at {@code stack[fp..]}; its results are left at
     * {@code stack[fp..]}.
     */
    public static void execute(ExecContext ctx, WasmFunction entry, int fp) {
        final int baseDepth = ctx.depth;
        if (baseDepth >= ctx.maxDepth) throw Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED);
        ctx.depth = baseDepth + 1;
        WasmFunction fn = entry;
        InstanceImpl inst = fn.instance;
        int[] code = fn.code;
        long[] s = ctx.ensure(fp + fn.frameSize);
        for (int i = fp + fn.numParams; i < fp + fn.numLocals; i++) s[i] = 0;
        long[] k0 = fn.constants;
        for (int i = 0, b = fp + fn.numLocals; i < k0.length; i++) s[b + i] = k0[i];
        MemoryInstance memory = inst.memory;
        MemorySegment mem = bytes(memory);
        long budget = ctx.budget;
        int pc = 0;
        try {
            while (true) {
                switch (code[pc]) {
                    case Op.FUEL -> {
                        if ((budget -= code[pc + 1]) < 0) budget = Limiter.refill(ctx, budget);
                        pc += 2;
                    }
                    case Op.LOOP -> { // tiering code only: FUEL that counts hotness (TierUp.loop may run OSR)
                        if ((budget -= code[pc + 1]) < 0 | --fn.hotness < 0) {
                            ctx.budget = budget;
                            budget = IN_CALL;
                            pc = TierUp.loop(ctx, fn, fp, pc);
                            s = ctx.stack;
                            budget = ctx.budget;
                            mem = bytes(memory);
                        } else {
                            pc += 2;
                        }
                    }
                    case Op.UNREACHABLE -> throw Traps.of(Trap.Kind.UNREACHABLE);
                    case Op.BR -> {
                        int t = code[pc + 1];
                        if (t < 0) { // a loop back-edge: charge the loop's fuel here, skip its FUEL instruction
                            t = ~t;
                            if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                        }
                        pc = t;
                    }
                    case Op.BR_IF -> {
                        if ((int) s[fp + code[pc + 1]] != 0) {
                            int t = code[pc + 2];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 3;
                        }
                    }
                    case Op.BR_UNLESS -> pc = (int) s[fp + code[pc + 1]] == 0 ? code[pc + 2] : pc + 3;
                    case Op.BR_IF_I32_EQZ -> {
                        if ((int) s[fp + code[pc + 1]] == 0) {
                            int t = code[pc + 2];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 3;
                        }
                    }
                    case Op.BR_TABLE -> {
                        int i = (int) s[fp + code[pc + 1]];
                        int k = code[pc + 2];
                        pc = code[pc + 3 + (Integer.compareUnsigned(i, k) < 0 ? i : k)];
                    }
                    case Op.RETURN -> {
                        int src = fp + code[pc + 1];
                        if (src != fp) {
                            for (int i = 0, r = code[pc + 2]; i < r; i++) s[fp + i] = s[src + i];
                        }
                        int d = --ctx.depth;
                        if (d == baseDepth) {
                            ctx.budget = budget;
                            return;
                        }
                        pc = ctx.framePc[d];
                        fp = ctx.frameFp[d];
                        fn = ctx.frameFn[d];
                        code = fn.code;
                        if (fn.instance != inst) {
                            inst = fn.instance;
                            memory = inst.memory;
                        }
                        mem = bytes(memory); // the callee may have grown it
                    }
                    case Op.CALL, Op.CALL_IMPORT, Op.CALL_INDIRECT -> {
                        FunctionInstance target;
                        int base, next;
                        if (code[pc] != Op.CALL_INDIRECT) {
                            target = inst.functions[code[pc + 1]];
                            base = code[pc + 2];
                            next = pc + 3;
                        } else {
                            target = Calls.indirect(inst, code[pc + 1], code[pc + 2], (int) s[fp + code[pc + 3]]);
                            base = code[pc + 4];
                            next = pc + 5;
                        }
                        // interpreted in this loop unless compiled (with JVM stack room for it) or just hot
                        if (target instanceof WasmFunction w
                                && (w.tier2 == null ? --w.hotness >= 0 : ctx.compiledRoom <= 0)) {
                            int d = ctx.depth;
                            if (d >= ctx.maxDepth) throw Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED);
                            ctx.pushFrame(d, next, fp, fn);
                            ctx.depth = d + 1;
                            fp += base;
                            fn = w;
                            code = w.code;
                            // every body starts with FUEL: charge it here and skip a dispatch
                            pc = 2;
                            if ((budget -= code[1]) < 0) budget = Limiter.refill(ctx, budget);
                            if (w.instance != inst) {
                                inst = w.instance;
                                memory = inst.memory;
                                mem = bytes(memory);
                            }
                            int end = fp + w.frameSize;
                            if (end > s.length) s = ctx.ensure(end);
                            int e = fp + w.numLocals;
                            for (int i = fp + w.numParams; i < e; i++) s[i] = 0;
                            long[] k = w.constants;
                            for (int i = 0; i < k.length; i++) s[e + i] = k[i];
                        } else {
                            ctx.budget = budget;
                            budget = IN_CALL;
                            TierUp.call(ctx, target, inst, fp + base, fp + fn.frameSize);
                            s = ctx.stack;
                            budget = ctx.budget;
                            mem = bytes(memory);
                            pc = next;
                        }
                    }
                    case Op.MOVE -> {
                        s[fp + code[pc + 1]] = s[fp + code[pc + 2]];
                        pc += 3;
                    }
                    case Op.MOVE_N -> {
                        int d = fp + code[pc + 1], a = fp + code[pc + 2];
                        for (int i = 0, k = code[pc + 3]; i < k; i++) s[d + i] = s[a + i];
                        pc += 4;
                    }
                    case Op.SELECT -> {
                        s[fp + code[pc + 1]] = (int) s[fp + code[pc + 4]] != 0 ? s[fp + code[pc + 2]] : s[fp + code[pc + 3]];
                        pc += 5;
                    }
                    case Op.GLOBAL_GET -> {
                        s[fp + code[pc + 1]] = inst.globals[code[pc + 2]].bits;
                        pc += 3;
                    }
                    case Op.GLOBAL_SET -> {
                        inst.globals[code[pc + 1]].bits = s[fp + code[pc + 2]];
                        pc += 3;
                    }
                    case Op.I32_CONST -> {
                        s[fp + code[pc + 1]] = code[pc + 2];
                        pc += 3;
                    }
                    case Op.I64_CONST -> {
                        s[fp + code[pc + 1]] = ((long) code[pc + 3] << 32) | (code[pc + 2] & 0xFFFF_FFFFL);
                        pc += 4;
                    }
                    case Op.MEMORY_SIZE -> {
                        s[fp + code[pc + 1]] = memory.size / MemoryInstance.PAGE_SIZE;
                        pc += 2;
                    }
                    case Op.MEMORY_GROW -> {
                        s[fp + code[pc + 1]] = memory.grow((int) s[fp + code[pc + 2]]);
                        mem = bytes(memory);
                        pc += 3;
                    }
                    case Op.UNARY -> {
                        s[fp + code[pc + 2]] = Ops.unary(code[pc + 1], s[fp + code[pc + 3]]);
                        pc += 4;
                    }
                    case Op.BINARY -> {
                        s[fp + code[pc + 2]] = Ops.binary(code[pc + 1], s[fp + code[pc + 3]], s[fp + code[pc + 4]]);
                        pc += 5;
                    }
                    case Op.MISC -> {
                        Misc.run(ctx, inst, code, pc, s, fp);
                        mem = bytes(memory);
                        pc += code[pc + 1];
                    }
                    case Op.V128 -> {
                        Simd.run(code, pc, s, fp, mem);
                        pc += code[pc + 1];
                    }
                    case Op.REF_IS_NULL -> {
                        s[fp + code[pc + 1]] = s[fp + code[pc + 2]] == 0 ? 1 : 0;
                        pc += 3;
                    }
                    case Op.I32_EQZ -> {
                        s[fp + code[pc + 1]] = (int) s[fp + code[pc + 2]] == 0 ? 1 : 0;
                        pc += 3;
                    }
                    case Op.I64_EQZ -> {
                        s[fp + code[pc + 1]] = s[fp + code[pc + 2]] == 0 ? 1 : 0;
                        pc += 3;
                    }
                    case Op.I32_WRAP_I64 -> {
                        s[fp + code[pc + 1]] = (int) s[fp + code[pc + 2]];
                        pc += 3;
                    }
                    case Op.I64_EXTEND_I32_S -> {
                        s[fp + code[pc + 1]] = (int) s[fp + code[pc + 2]];
                        pc += 3;
                    }
                    case Op.I64_EXTEND_I32_U -> {
                        s[fp + code[pc + 1]] = s[fp + code[pc + 2]] & 0xFFFF_FFFFL;
                        pc += 3;
                    }
                    case Op.I32_ADD_IMM -> {
                        s[fp + code[pc + 1]] = (int) s[fp + code[pc + 2]] + code[pc + 3];
                        pc += 4;
                    }
                    case Op.I32_EQ -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a == b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_NE -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a != b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_LT_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a < b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_LT_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_GT_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a > b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_GT_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.compareUnsigned(a, b) > 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_LE_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a <= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_LE_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.compareUnsigned(a, b) <= 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_GE_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_GE_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.compareUnsigned(a, b) >= 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I32_ADD -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a + b;
                        pc += 4;
                    }
                    case Op.I32_SUB -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a - b;
                        pc += 4;
                    }
                    case Op.I32_MUL -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a * b;
                        pc += 4;
                    }
                    case Op.I32_AND -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a & b;
                        pc += 4;
                    }
                    case Op.I32_OR -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a | b;
                        pc += 4;
                    }
                    case Op.I32_XOR -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a ^ b;
                        pc += 4;
                    }
                    case Op.I32_SHL -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a << b;
                        pc += 4;
                    }
                    case Op.I32_SHR_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >> b;
                        pc += 4;
                    }
                    case Op.I32_SHR_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >>> b;
                        pc += 4;
                    }
                    case Op.I64_EQ -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a == b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_NE -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a != b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_LT_S -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a < b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_LT_U -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Long.compareUnsigned(a, b) < 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_GT_S -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a > b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_GT_U -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Long.compareUnsigned(a, b) > 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_LE_S -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a <= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_LE_U -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_GE_S -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_GE_U -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Long.compareUnsigned(a, b) >= 0 ? 1 : 0;
                        pc += 4;
                    }
                    case Op.I64_ADD -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a + b;
                        pc += 4;
                    }
                    case Op.I64_SUB -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a - b;
                        pc += 4;
                    }
                    case Op.I64_MUL -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a * b;
                        pc += 4;
                    }
                    case Op.I64_AND -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a & b;
                        pc += 4;
                    }
                    case Op.I64_OR -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a | b;
                        pc += 4;
                    }
                    case Op.I64_XOR -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a ^ b;
                        pc += 4;
                    }
                    case Op.I64_SHL -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a << b;
                        pc += 4;
                    }
                    case Op.I64_SHR_S -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >> b;
                        pc += 4;
                    }
                    case Op.I64_SHR_U -> {
                        long a = s[fp + code[pc + 2]], b = s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = a >>> b;
                        pc += 4;
                    }
                    case Op.F64_EQ -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a == b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_NE -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a != b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_LT -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a < b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_GT -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a > b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_LE -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a <= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_GE -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = a >= b ? 1 : 0;
                        pc += 4;
                    }
                    case Op.F64_ADD -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Double.doubleToRawLongBits(a + b);
                        pc += 4;
                    }
                    case Op.F64_SUB -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Double.doubleToRawLongBits(a - b);
                        pc += 4;
                    }
                    case Op.F64_MUL -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Double.doubleToRawLongBits(a * b);
                        pc += 4;
                    }
                    case Op.F64_DIV -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Double.doubleToRawLongBits(a / b);
                        pc += 4;
                    }
                    case Op.BR_IF_I32_EQ -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a == b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_NE -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a != b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_LT_S -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a < b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_LT_U -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (Integer.compareUnsigned(a, b) < 0) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_GT_S -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a > b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_GT_U -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (Integer.compareUnsigned(a, b) > 0) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_LE_S -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a <= b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_LE_U -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (Integer.compareUnsigned(a, b) <= 0) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_GE_S -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (a >= b) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.BR_IF_I32_GE_U -> {
                        int a = (int) s[fp + code[pc + 1]], b = (int) s[fp + code[pc + 2]];
                        if (Integer.compareUnsigned(a, b) >= 0) {
                            int t = code[pc + 3];
                            if (t < 0) {
                                t = ~t;
                                if ((budget -= code[t - 1]) < 0) budget = Limiter.refill(ctx, budget);
                            }
                            pc = t;
                        } else {
                            pc += 4;
                        }
                    }
                    case Op.I32_LOAD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI32(mem, ea(s[fp + code[pc + 2]], code[pc + 3]));
                        pc += 4;
                    }
                    case Op.I64_LOAD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI64(mem, ea(s[fp + code[pc + 2]], code[pc + 3]));
                        pc += 4;
                    }
                    case Op.I32_LOAD8_S -> {
                        s[fp + code[pc + 1]] = MemoryInstance.getI8(mem, ea(s[fp + code[pc + 2]], code[pc + 3]));
                        pc += 4;
                    }
                    case Op.I32_LOAD8_U -> {
                        s[fp + code[pc + 1]] = MemoryInstance.getI8(mem, ea(s[fp + code[pc + 2]], code[pc + 3])) & 0xFF;
                        pc += 4;
                    }
                    case Op.I32_LOAD16_S -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI16(mem, ea(s[fp + code[pc + 2]], code[pc + 3]));
                        pc += 4;
                    }
                    case Op.I32_LOAD16_U -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI16(mem, ea(s[fp + code[pc + 2]], code[pc + 3])) & 0xFFFF;
                        pc += 4;
                    }
                    case Op.I32_STORE -> {
                        MemoryInstance.setI32(mem, ea(s[fp + code[pc + 1]], code[pc + 3]),
                                (int) s[fp + code[pc + 2]]);
                        pc += 4;
                    }
                    case Op.I64_STORE -> {
                        MemoryInstance.setI64(mem, ea(s[fp + code[pc + 1]], code[pc + 3]),
                                s[fp + code[pc + 2]]);
                        pc += 4;
                    }
                    case Op.I32_STORE8 -> {
                        MemoryInstance.setI8(mem, ea(s[fp + code[pc + 1]], code[pc + 3]), (byte) s[fp + code[pc + 2]]);
                        pc += 4;
                    }
                    case Op.I32_STORE16 -> {
                        MemoryInstance.setI16(mem, ea(s[fp + code[pc + 1]], code[pc + 3]),
                                (short) s[fp + code[pc + 2]]);
                        pc += 4;
                    }
                    case Op.I64_LOAD8_S, Op.I64_LOAD8_U, Op.I64_LOAD16_S, Op.I64_LOAD16_U, Op.I64_LOAD32_S,
                         Op.I64_LOAD32_U, Op.I64_STORE8, Op.I64_STORE16, Op.I64_STORE32 -> {
                        MemoryOps.narrowI64(code, pc, s, fp, mem);
                        pc += 4;
                    }
                    case Op.I32_LOAD_ADD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI32(mem, ea((int) s[fp + code[pc + 2]] + (int) s[fp + code[pc + 3]], code[pc + 4]));
                        pc += 5;
                    }
                    case Op.I64_LOAD_ADD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI64(mem, ea((int) s[fp + code[pc + 2]] + (int) s[fp + code[pc + 3]], code[pc + 4]));
                        pc += 5;
                    }
                    case Op.I32_LOAD8_U_ADD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI8(mem, ea((int) s[fp + code[pc + 2]] + (int) s[fp + code[pc + 3]], code[pc + 4])) & 0xFF;
                        pc += 5;
                    }
                    case Op.I32_LOAD8_S_ADD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI8(mem, ea((int) s[fp + code[pc + 2]] + (int) s[fp + code[pc + 3]], code[pc + 4]));
                        pc += 5;
                    }
                    case Op.I32_LOAD16_U_ADD -> {
                        s[fp + code[pc + 1]] =
                                MemoryInstance.getI16(mem, ea((int) s[fp + code[pc + 2]] + (int) s[fp + code[pc + 3]], code[pc + 4])) & 0xFFFF;
                        pc += 5;
                    }
                    case Op.I32_STORE_ADD -> {
                        MemoryInstance.setI32(mem, ea((int) s[fp + code[pc + 1]] + (int) s[fp + code[pc + 2]], code[pc + 4]),
                                (int) s[fp + code[pc + 3]]);
                        pc += 5;
                    }
                    case Op.I64_STORE_ADD -> {
                        MemoryInstance.setI64(mem, ea((int) s[fp + code[pc + 1]] + (int) s[fp + code[pc + 2]], code[pc + 4]),
                                s[fp + code[pc + 3]]);
                        pc += 5;
                    }
                    case Op.I32_STORE8_ADD -> {
                        MemoryInstance.setI8(mem, ea((int) s[fp + code[pc + 1]] + (int) s[fp + code[pc + 2]], code[pc + 4]), (byte) s[fp + code[pc + 3]]);
                        pc += 5;
                    }
                    case Op.I32_DIV_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Ops.i32DivS(a, b);
                        pc += 4;
                    }
                    case Op.I32_DIV_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Ops.i32DivU(a, b);
                        pc += 4;
                    }
                    case Op.I32_REM_S -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Ops.i32RemS(a, b);
                        pc += 4;
                    }
                    case Op.I32_REM_U -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Ops.i32RemU(a, b);
                        pc += 4;
                    }
                    case Op.I32_ROTL -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.rotateLeft(a, b);
                        pc += 4;
                    }
                    case Op.I32_ROTR -> {
                        int a = (int) s[fp + code[pc + 2]], b = (int) s[fp + code[pc + 3]];
                        s[fp + code[pc + 1]] = Integer.rotateRight(a, b);
                        pc += 4;
                    }
                    case Op.F32_ADD -> {
                        float a = Float.intBitsToFloat((int) s[fp + code[pc + 2]]), b = Float.intBitsToFloat((int) s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Float.floatToRawIntBits(a + b) & 0xFFFF_FFFFL;
                        pc += 4;
                    }
                    case Op.F32_SUB -> {
                        float a = Float.intBitsToFloat((int) s[fp + code[pc + 2]]), b = Float.intBitsToFloat((int) s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Float.floatToRawIntBits(a - b) & 0xFFFF_FFFFL;
                        pc += 4;
                    }
                    case Op.F32_MUL -> {
                        float a = Float.intBitsToFloat((int) s[fp + code[pc + 2]]), b = Float.intBitsToFloat((int) s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Float.floatToRawIntBits(a * b) & 0xFFFF_FFFFL;
                        pc += 4;
                    }
                    case Op.F32_DIV -> {
                        float a = Float.intBitsToFloat((int) s[fp + code[pc + 2]]), b = Float.intBitsToFloat((int) s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Float.floatToRawIntBits(a / b) & 0xFFFF_FFFFL;
                        pc += 4;
                    }
                    case Op.F64_MUL_ADD -> {
                        double a = Double.longBitsToDouble(s[fp + code[pc + 2]]), b = Double.longBitsToDouble(s[fp + code[pc + 3]]);
                        s[fp + code[pc + 1]] = Double.doubleToRawLongBits(a * b + Double.longBitsToDouble(s[fp + code[pc + 4]]));
                        pc += 5;
                    }
                    default -> throw new IllegalStateException("bad internal opcode " + code[pc] + " at " + pc);
                }
            }
        } catch (Trap t) {
            if (budget != IN_CALL) ctx.budget = budget;
            Calls.recordFrames(ctx, t, fn, baseDepth);
            throw t;
        } catch (WasmExit e) {
            throw e;
        } catch (IndexOutOfBoundsException e) {
            // a memory segment's bounds check: the spec's out-of-bounds trap
            Trap t = Traps.memory();
            Calls.recordFrames(ctx, t, fn, baseDepth);
            throw t;
        }
    }
}
