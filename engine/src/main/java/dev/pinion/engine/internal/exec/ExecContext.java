package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Interrupt;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.interp.Limiter;
import dev.pinion.engine.internal.interp.Traps;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * Per-thread execution state, reused by every call on the thread: the value stack (locals and operands of all
 * frames as raw {@code long} bits), the frame stack of suspended callers, the call's limits and the reference
 * arena. Nothing here is allocated per call or per instruction once the arrays have grown to their working size.
 */
public final class ExecContext {
    private static final ThreadLocal<ExecContext> CURRENT = ThreadLocal.withInitial(ExecContext::new);

    public static ExecContext get() {
        return CURRENT.get();
    }

    private static final int SHRINK_ABOVE = 1 << 20;

    public long[] stack = new long[4096];
    /** First free stack slot: where the next call entered from Java or a host function puts its frame. */
    public int sp;
    /** Wasm frames active on this thread (across host re-entry). */
    public int depth;
    public int maxDepth = Integer.MAX_VALUE;
    /** Suspended callers: frame d holds the caller of the function running at depth d+1. */
    public int[] framePc = new int[256];
    public int[] frameFp = new int[256];
    public WasmFunction[] frameFn = new WasmFunction[256];

    /**
     * JVM stack this thread may still spend on compiled Wasm frames, in 8-byte words (see
     * {@link #COMPILED_ROOM}). Interpreted Wasm calls do not nest on the JVM stack; compiled ones do, with a JVM
     * frame per Wasm frame. When the room is spent, further calls run interpreted, so deep recursion behaves as in
     * the interpreter (a call-depth trap at the configured depth, never a StackOverflowError).
     */
    public int compiledRoom = COMPILED_ROOM;

    /**
     * Room for compiled frames in 8-byte words of JVM stack (CompiledSupport.roomFor estimates an activation):
     * 32,768 words, 256 KB, half of the 512 KB stack that TieringTest runs a 9,500-deep recursion on in every tier;
     * a fib-like function (8 slots) stays compiled about 290 calls deep, deeper calls are interpreted. A JVM
     * thread's default stack is 1 MB on 64-bit and 320 KB on armhf (where Zero's frames are larger): system
     * property {@code pinion.tier2.compiledStack} (words) adjusts it.
     */
    public static final int COMPILED_ROOM = Integer.getInteger("pinion.tier2.compiledStack", 32_768);

    /** Calls entered from Java/host code and not yet returned on this thread. */
    int activeCalls;

    // limits of the outermost call
    public long budget;
    public long fuelLeft;
    public boolean fuelLimited;
    public long deadline;
    public Interrupt interrupt;

    public final CallerImpl caller = new CallerImpl(this);

    // reference arena: non-null references on the stack are handles (index + 1) into refs
    private Object[] refs = new Object[64];
    private int refCount;
    private final IdentityHashMap<Object, Integer> refIds = new IdentityHashMap<>();

    /**
     * The value stack's cap in slots (4 Mi slots, 32 MiB). The call-depth limit counts frames, not their size: a
     * function with thousands of locals recursing 10,000 deep asked for gigabytes (the spec's
     * skip-stack-guard-page script took 2.4 GB of RSS), which would kill a small board. Past the cap the call
     * traps as "call stack exhausted", like a native engine whose stack runs out.
     */
    public static final int MAX_STACK_SLOTS = 1 << 22;

    public long[] ensure(int size) {
        if (size > stack.length) {
            if (size > MAX_STACK_SLOTS || size < 0) throw Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED);
            stack = Arrays.copyOf(stack, Math.min(MAX_STACK_SLOTS, Math.max(size, stack.length * 2)));
        }
        return stack;
    }

    public void pushFrame(int d, int pc, int fp, WasmFunction fn) {
        if (d >= framePc.length) {
            int n = Math.max(d + 1, framePc.length * 2);
            framePc = Arrays.copyOf(framePc, n);
            frameFp = Arrays.copyOf(frameFp, n);
            frameFn = Arrays.copyOf(frameFn, n);
        }
        framePc[d] = pc;
        frameFp[d] = fp;
        frameFn[d] = fn;
    }

    /** The stack value standing for a reference. */
    public long ref(Object o) {
        if (o == null) return 0;
        Integer id = refIds.get(o);
        if (id != null) return id;
        if (refCount == refs.length) refs = Arrays.copyOf(refs, refCount * 2);
        refs[refCount++] = o;
        refIds.put(o, refCount);
        return refCount;
    }

    public Object deref(long handle) {
        return handle == 0 ? null : refs[(int) handle - 1];
    }

    /** Starts a call from Java or a host; the outermost call on the thread sets up the limits. */
    void begin(CallLimits limits, int callDepthLimit) {
        if (activeCalls++ == 0) {
            maxDepth = callDepthLimit;
            fuelLimited = limits.fuel() != Long.MAX_VALUE;
            deadline = limits.timeout() == null ? 0 : (System.nanoTime() + limits.timeout().toNanos()) | 1;
            interrupt = limits.interrupt();
            long chunk = Limiter.firstBudget(fuelLimited, limits.fuel(), deadline, interrupt);
            budget = chunk;
            fuelLeft = fuelLimited ? limits.fuel() - chunk : Long.MAX_VALUE;
        }
    }

    void end() {
        if (--activeCalls == 0) {
            // the outermost call is over: nothing can hold a handle any more
            if (refCount > 0) {
                Arrays.fill(refs, 0, refCount, null);
                refCount = 0;
                refIds.clear();
            }
            interrupt = null;
            depth = 0;
            compiledRoom = COMPILED_ROOM;
            sp = 0;
            // a deep recursion may have grown the stack a lot: do not keep megabytes per idle thread
            if (stack.length > SHRINK_ABOVE) stack = new long[4096];
        }
    }
}
