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
 * The tiering policy and its counters. {@link Config.Tier#COMPILED}: every function of an instance goes through
 * the compiler when the instance is created. {@link Config.Tier#TIERED}: a function entered
 * {@link #HOT_ENTRIES} times from Java or a host is compiled on one background daemon thread and used from its
 * next entry. Functions the compiler does not take stay interpreted; each such outcome is counted by reason.
 */
public final class Tier2 {
    private Tier2() {}

    /** Entries from Java/host code after which a function is queued for compilation in the tiered mode. */
    public static final int HOT_ENTRIES = 200;

    private static final LongAdder COMPILED = new LongAdder();
    private static final Map<String, LongAdder> REJECTED = new ConcurrentHashMap<>();

    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pinion-tier2-compiler");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** Called once an instance's functions exist, before its start function runs. */
    public static void instantiated(InstanceImpl inst, Config.Tier tier) {
        if (tier != Config.Tier.COMPILED) return;
        for (FunctionInstance f : inst.functions) {
            if (f instanceof WasmFunction w && w.instance == inst) compile(w);
        }
    }

    /** Called by a function's entry from Java/host code in the tiered mode when it reaches the threshold. */
    public static void hot(WasmFunction w) {
        BACKGROUND.execute(() -> compile(w));
    }

    /** Compiles {@code w} and installs the code, or counts why not. Never throws. */
    public static void compile(WasmFunction w) {
        if (w.tier2 != null) return;
        try {
            w.tier2 = CodeCache.code(w);
            COMPILED.increment();
        } catch (Compiler.Unsupported e) {
            REJECTED.computeIfAbsent(e.getMessage(), k -> new LongAdder()).increment();
        } catch (RuntimeException | LinkageError e) {
            REJECTED.computeIfAbsent("compiler failure: " + e.getClass().getSimpleName(), k -> new LongAdder())
                    .increment();
        }
    }

    /** Functions compiled since start-up (all instances, all threads). */
    public static long compiledCount() {
        return COMPILED.sum();
    }

    /** Functions left interpreted since start-up, by reason. */
    public static Map<String, Long> rejected() {
        Map<String, Long> out = new TreeMap<>();
        REJECTED.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
