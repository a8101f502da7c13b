package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.Slots;

import java.util.Arrays;

/**
 * A function value: a Wasm function of an instance or a host function. Implements the Java entry points
 * ({@link #call}, {@link #invoke}) once for both: arguments go onto the thread's value stack, the function runs,
 * results are read back.
 */
public abstract sealed class FunctionInstance implements Function permits WasmFunction, HostFunctionInstance {
    protected final FuncType type;
    public final int typeId;
    public final int numParams;
    public final int numResults;

    protected FunctionInstance(FuncType type) {
        this.type = type;
        this.typeId = TypeIds.of(type);
        // frame slots, which are also the longs of call(): a v128 takes two (low 64 bits first)
        this.numParams = Slots.of(type.params());
        this.numResults = Slots.of(type.results());
    }

    @Override
    public FuncType type() {
        return type;
    }

    /** Runs the function with its arguments at {@code ctx.stack[base..]}; leaves results there. */
    abstract void enter(ExecContext ctx, int base);

    abstract CallLimits defaultLimits();

    abstract int callDepthLimit();

    @Override
    public long[] call(long... args) {
        return call(defaultLimits(), args);
    }

    @Override
    public long[] call(CallLimits limits, long... args) {
        checkArity(args.length);
        ExecContext ctx = ExecContext.get();
        int savedSp = ctx.sp, savedDepth = ctx.depth;
        ctx.begin(limits, callDepthLimit());
        try {
            int base = ctx.sp;
            long[] s = ctx.ensure(base + Math.max(numParams, numResults) + 1);
            System.arraycopy(args, 0, s, base, args.length);
            run(ctx, base);
            return Arrays.copyOfRange(ctx.stack, base, base + numResults);
        } finally {
            ctx.sp = savedSp;
            ctx.depth = savedDepth;
            ctx.end();
        }
    }

    @Override
    public Object[] invoke(Object... args) {
        if (args.length != type.params().size()) {
            throw new IllegalArgumentException("function of type " + type + " takes " + type.params().size()
                    + " arguments, got " + args.length);
        }
        ExecContext ctx = ExecContext.get();
        int savedSp = ctx.sp, savedDepth = ctx.depth;
        ctx.begin(defaultLimits(), callDepthLimit());
        try {
            int base = ctx.sp;
            long[] s = ctx.ensure(base + Math.max(numParams, numResults) + 1);
            for (int i = 0, slot = base; i < args.length; i++) {
                ValType t = type.params().get(i);
                if (t == ValType.V128) {
                    if (!(args[i] instanceof long[] v) || v.length != 2) {
                        throw new IllegalArgumentException("argument " + i + " must be a long[2] (low, high) for v128");
                    }
                    s[slot++] = v[0];
                    s[slot++] = v[1];
                } else {
                    s[slot++] = toBits(ctx, t, args[i], i);
                }
            }
            run(ctx, base);
            Object[] out = new Object[type.results().size()];
            for (int i = 0, slot = base; i < out.length; i++) {
                ValType t = type.results().get(i);
                long[] st = ctx.stack;
                if (t == ValType.V128) {
                    out[i] = new long[] {st[slot], st[slot + 1]};
                    slot += 2;
                } else {
                    out[i] = fromBits(ctx, t, st[slot++]);
                }
            }
            return out;
        } finally {
            ctx.sp = savedSp;
            ctx.depth = savedDepth;
            ctx.end();
        }
    }

    private void run(ExecContext ctx, int base) {
        try {
            enter(ctx, base);
        } catch (StackOverflowError e) {
            // only reachable through host functions that re-enter Wasm: Wasm-to-Wasm calls use the frame stack
            throw new Trap(Trap.Kind.CALL_STACK_EXHAUSTED, "call stack exhausted (JVM stack overflow through host calls)");
        }
    }

    private void checkArity(int n) {
        if (n != numParams) {
            throw new IllegalArgumentException("function of type " + type + " takes " + numParams
                    + " arguments (a v128 as two longs), got " + n);
        }
    }

    private static long toBits(ExecContext ctx, ValType t, Object v, int i) {
        try {
            return switch (t) {
                case I32 -> ((Integer) v);
                case I64 -> ((Long) v);
                case F32 -> Float.floatToRawIntBits((Float) v) & 0xFFFF_FFFFL;
                case F64 -> Double.doubleToRawLongBits((Double) v);
                case FUNCREF, EXTERNREF -> {
                    if (t == ValType.FUNCREF && v != null && !(v instanceof Function)) {
                        throw new IllegalArgumentException("argument " + i + " must be a Function or null for funcref");
                    }
                    yield ctx.ref(v);
                }
                case V128 -> throw new AssertionError("v128 is handled by the caller");
            };
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("argument " + i + " must be a " + t.wasmName() + " value, got "
                    + (v == null ? "null" : v.getClass().getSimpleName()));
        }
    }

    private static Object fromBits(ExecContext ctx, ValType t, long bits) {
        return switch (t) {
            case I32 -> (int) bits;
            case I64 -> bits;
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            case FUNCREF, EXTERNREF -> ctx.deref(bits);
            case V128 -> throw new AssertionError("v128 is handled by the caller");
        };
    }
}
