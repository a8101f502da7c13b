package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.Config;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.WasmFunction;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tiering policy and its counters.
 *
 * <p>{@link Config.Tier#COMPILED}: every function of an instance goes through the compiler when the instance is
 * created. {@link Config.Tier#TIERED}: each function has a hotness countdown ({@link WasmFunction#hotness}),
 * decremented by the interpreter at every entry (from any caller) and at every loop header it passes (one per
 * iteration). At zero the function is queued for compilation on one background daemon thread; every caller
 * (interpreter, compiled code, Java or host) uses the compiled code from its next entry. A frame still running
 * in a loop of that function when it gets hot, and still running once the function's code is there, asks for
 * an on-stack-replacement entry at that loop's header, compiled the same way, and continues in it at the next
 * iteration. Before either, the functions it calls directly that are half-way to hot are compiled too
 * ({@link #compileCallees}). Functions the compiler does not take stay interpreted; each such outcome is counted
 * by reason.
 *
 * <p>Thresholds ({@link #threshold()}, system property {@code pinion.tier2.threshold}, default 20,000): a
 * function is compiled after about 20,000 entries plus loop iterations, a few to tens of milliseconds of
 * interpretation, HotSpot's own order of magnitude. A compile is ~1 ms on a warm compile thread, but 6-16 ms in
 * a process's first seconds (the compiler's own code, the ClassFile API's included, still runs cold), plus
 * HotSpot's JIT of the generated class, on cores that the interpreter and C2 already fill: with 1,000, a big
 * program's start-up compiled dozens of functions whose code it never used long enough to pay for it (engine
 * RATIONALE.md, "Hotness"). One compile thread (minimum priority, which Linux ignores by default): on 2–4 cores
 * it shares them with HotSpot's JIT threads; more threads would compete with the Wasm code they are meant to
 * speed up.
 */
public final class Tier2 {
    private Tier2() {}

    /** Entries plus loop iterations after which a function is compiled in the tiered mode, by default. */
    public static final int DEFAULT_THRESHOLD = 20_000;

    /** Loop iterations between two looks for a loop's on-stack-replacement code while it is being compiled. */
    static final int RECHECK = 1_000;

    private static final LongAdder COMPILED = new LongAdder();
    private static final LongAdder OSR_COMPILED = new LongAdder();
    private static final LongAdder OSR_ENTERED = new LongAdder();
    private static final Map<String, LongAdder> REJECTED = new ConcurrentHashMap<>();

    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pinion-tier2-compiler");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** The tiered mode's hotness threshold (entries plus loop iterations); at least 1. */
    public static int threshold() {
        // read at each instantiation, so that tests can force tier changes early (a property lookup per function)
        return Math.max(1, Integer.getInteger("pinion.tier2.threshold", DEFAULT_THRESHOLD));
    }

    /** Called once an instance's functions exist, before its start function runs. */
    public static void instantiated(InstanceImpl inst, Config.Tier tier) {
        if (tier != Config.Tier.COMPILED) return;
        for (FunctionInstance f : inst.functions) {
            if (f instanceof WasmFunction w && w.instance == inst) compile(w);
        }
    }

    /**
     * Called when {@code w}'s hotness countdown went below zero: queues its compilation once in the tiered mode;
     * in any case restarts the countdown (so that a still-interpreted loop of it looks again for its OSR code).
     */
    public static void hot(WasmFunction w) {
        if (!w.lowered) w.lower(); // the first entry, in any mode (WasmFunction.lowered)
        if (!w.tiered) {
            w.hotness = Integer.MAX_VALUE;
            return;
        }
        if (!w.loopsMarked) { // the first entry: count from here on, loop iterations included
            w.markLoops();
            w.hotness = threshold();
            return;
        }
        w.hotness = RECHECK;
        if (w.queued) return;
        w.queued = true;
        BACKGROUND.execute(() -> {
            compileCallees(w);
            compile(w);
        });
    }

    /**
     * Compiles the functions {@code w} calls directly that have run at least once, before {@code w}: HotSpot
     * profiles {@code w}'s generated code from its first runs, and a call site whose callee had no compiled code
     * then is compiled by C2 as never taking the compiled path; when the callee's code arrives, that C2 code is
     * thrown away (an "unstable if" trap) and {@code w} runs in HotSpot's bytecode interpreter until C2 is done
     * again, which for a big on-stack-replacement entry (one call running a whole program) took up to a second.
     * Loading the callees' classes first also spares {@code w}'s C1 code the class-hierarchy assumption that a
     * later class breaks. One level, and only callees that have run and either are half-way to hot themselves
     * (their countdown at half the threshold or less) or have a loop: a loop-free callee that merely ran once
     * stays interpreted, since the caller's call site then profiles its path correctly for as long as it stays
     * cold. Compiling every callee that had run (the first rule) made 151 of Yosys's 195 compiles in a small
     * synthesis run, each ~6-12 ms on the compile thread plus HotSpot's compile of the class, on a 2-core
     * machine whose cores the interpreter and C2 already fill at that time; with the loop rule that run makes
     * 23-24 compiles (19-20 without it). A callee with a loop is the one that gets hot soon after its caller and
     * costs most while interpreted: sieve's {@code run} calls {@code memset} (a loop over 64 KB) twice per call
     * and gets hot in its first call, when memset had run once. Without the loop rule, run's code, profiled by
     * HotSpot while memset was interpreted, stayed slow: JMH 0.53-0.63 ms per op (pinned to one CPU, 8 of 8
     * forks); with it 0.38-0.49 (9 of 9), the compiled tier's speed.
     */
    private static void compileCallees(WasmFunction w) {
        for (WasmFunction callee : Compiler.directCallees(w)) {
            if (callee.tiered && callee.loopsMarked && callee.tier2 == null && !callee.queued
                    && (callee.hotness <= threshold() / 2 || callee.hasLoops())) {
                callee.queued = true;
                compile(callee);
            }
        }
    }

    /**
     * A loop header (the instruction after it, {@code entry}) of {@code w} got hot in the interpreter. Returns the
     * on-stack-replacement code for it once compiled; before that queues it and returns null, and the interpreter
     * asks again {@link #RECHECK} iterations later. The whole function is queued first, and the loop's entry only
     * when the loop is still running once the function's code is there: a loop that ends sooner would not have
     * used it. In Yosys's small synthesis run (threshold 20,000) none of the 8 entries compiled at the first ask
     * was ever entered, each a compile of ~10 ms plus HotSpot's, while a loop that runs a whole program waits
     * one compile longer for its entry.
     */
    public static CompiledCode loopHot(WasmFunction w, int entry) {
        hot(w);
        if (!w.tiered) return null;
        OsrCode o = OsrCode.find(w.osr, entry);
        if (o != null) {
            if (o.code() == null) return null;
            OSR_ENTERED.increment();
            return o.code();
        }
        if (w.tier2 == null) return null;
        synchronized (w) {
            if (OsrCode.find(w.osr, entry) != null) return null;
            w.osr = new OsrCode(entry, null, false, w.osr);
        }
        BACKGROUND.execute(() -> {
            compileCallees(w);
            compileOsr(w, entry);
        });
        return null;
    }

    /** Compiles {@code w} and installs the code, or counts why not (and stops counting its hotness). Never throws. */
    public static void compile(WasmFunction w) {
        if (w.tier2 != null) return;
        if (!w.lowered) w.lower(); // compiled before its first entry (tests, tools)
        try {
            w.tier2 = CodeCache.code(w);
            COMPILED.increment();
        } catch (Compiler.Unsupported e) {
            reject(w, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            reject(w, "compiler failure: " + e.getClass().getSimpleName());
        }
    }

    private static void compileOsr(WasmFunction w, int entry) {
        CompiledCode code = null;
        try {
            if (w.tiered) code = Compiler.compile(w, entry);
            if (code != null) OSR_COMPILED.increment();
        } catch (Compiler.Unsupported | RuntimeException | LinkageError e) {
            // the whole-function compile counts the reason; this loop stays interpreted
        }
        synchronized (w) {
            OsrCode kept = null;
            for (OsrCode o = w.osr; o != null; o = o.next()) {
                if (o.entry() != entry) kept = new OsrCode(o.entry(), o.code(), o.rejected(), kept);
            }
            w.osr = new OsrCode(entry, code, code == null, kept);
        }
    }

    private static void reject(WasmFunction w, String reason) {
        w.tiered = false;
        w.hotness = Integer.MAX_VALUE;
        // it stays interpreted: give its loops back the fused back-edges (no LOOP dispatch per iteration)
        if (w.osr == null) {
            synchronized (w) {
                if (w.loopsMarked && w.hasLoops()) {
                    w.loopsMarked = false;
                    w.code = LoopHeaders.unmark(w.code);
                }
            }
        }
        REJECTED.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Functions compiled since start-up (all instances, all threads; on-stack-replacement entries not included). */
    public static long compiledCount() {
        return COMPILED.sum();
    }

    /** On-stack-replacement entries compiled since start-up. */
    public static long osrCompiledCount() {
        return OSR_COMPILED.sum();
    }

    /** Times an interpreted frame switched to compiled code at a loop header since start-up. */
    public static long osrEnteredCount() {
        return OSR_ENTERED.sum();
    }

    /** Functions left interpreted since start-up, by reason. */
    public static Map<String, Long> rejected() {
        Map<String, Long> out = new TreeMap<>();
        REJECTED.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
