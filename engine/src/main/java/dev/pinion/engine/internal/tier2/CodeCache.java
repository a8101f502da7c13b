package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.internal.exec.CompiledModule;
import dev.pinion.engine.internal.exec.WasmFunction;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compiled code per module, and the engine-wide cap on it. A function's class depends only on its module, so
 * every instance of a module shares it: a daemon that runs many instances of one module (or swaps a module for
 * a new version) compiles each function once per module. The classes live as long as the module: the module
 * and its instances hold the code, nothing global does, so once they are unreachable the hidden classes are
 * unloaded by the next GC that unloads classes, and a weak reference to the module returns their bytes to the
 * budget.
 *
 * <p>The cap counts class-file bytes of the code alive at once, JVM-wide ({@code -Dpinion.tier2.maxCodeBytes},
 * default {@link #DEFAULT_LIMIT}). Past it, functions stay interpreted with the reason {@link #OVER_CAP}; the
 * metaspace a class takes is about 1.3-1.7 times its class file (measured in engine/RATIONALE.md).
 */
public final class CodeCache {
    private CodeCache() {}

    /** Default cap on class-file bytes of compiled code alive at once (about 1.5x that in metaspace). */
    public static final long DEFAULT_LIMIT = 64L << 20;
    static final String OVER_CAP = "compiled-code cap reached";

    private static volatile long limit = Long.getLong("pinion.tier2.maxCodeBytes", DEFAULT_LIMIT);
    private static final AtomicLong IN_USE = new AtomicLong();
    private static final LongAdder DEFINED = new LongAdder(), UNLOADED = new LongAdder();
    private static final ReferenceQueue<CompiledModule> GONE = new ReferenceQueue<>();
    /** Keeps the release records reachable until their module is collected. */
    private static final Set<Release> RELEASES = ConcurrentHashMap.newKeySet();

    /** One module's compiled functions (by function index) and their class-file bytes. */
    private static final class ModuleCode {
        final Map<Integer, CompiledCode> code = new ConcurrentHashMap<>();
        /** Functions the compiler does not take, with the reason (the same for every instance). */
        final Map<Integer, String> rejected = new ConcurrentHashMap<>();
        final Release release;

        ModuleCode(CompiledModule m) {
            release = new Release(m);
            RELEASES.add(release);
        }
    }

    /** Returns a collected module's bytes to the budget. */
    private static final class Release extends WeakReference<CompiledModule> {
        final AtomicLong bytes = new AtomicLong();
        final LongAdder classes = new LongAdder();

        Release(CompiledModule m) {
            super(m, GONE);
        }
    }

    /** {@code w}'s compiled code: the module's, or compiled now if the cap allows. */
    static CompiledCode code(WasmFunction w) throws Compiler.Unsupported {
        releaseCollected();
        CompiledModule m = w.instance.module;
        ModuleCode mc = (ModuleCode) m.tier2Code;
        if (mc == null) {
            synchronized (m) {
                mc = (ModuleCode) m.tier2Code;
                if (mc == null) m.tier2Code = mc = new ModuleCode(m);
            }
        }
        int index = w.frame().functionIndex();
        CompiledCode c = mc.code.get(index);
        if (c != null) return c;
        String reason = mc.rejected.get(index);
        if (reason != null) throw new Compiler.Unsupported(reason);
        if (IN_USE.get() >= limit) throw new Compiler.Unsupported(OVER_CAP); // full: not even worth generating
        byte[] bytes;
        try {
            bytes = Compiler.generate(w, -1);
        } catch (Compiler.Unsupported e) {
            mc.rejected.put(index, e.getMessage());
            throw e;
        }
        long after = IN_USE.addAndGet(bytes.length);
        if (after > limit) {
            IN_USE.addAndGet(-bytes.length);
            throw new Compiler.Unsupported(OVER_CAP);
        }
        try {
            c = Compiler.define(bytes);
        } catch (Compiler.Unsupported | RuntimeException | Error e) {
            IN_USE.addAndGet(-bytes.length);
            throw e;
        }
        CompiledCode raced = mc.code.putIfAbsent(index, c);
        if (raced != null) { // another thread compiled it first: its class is the module's, this one is garbage
            IN_USE.addAndGet(-bytes.length);
            return raced;
        }
        mc.release.bytes.addAndGet(bytes.length);
        mc.release.classes.increment();
        DEFINED.increment();
        return c;
    }

    private static void releaseCollected() {
        for (Reference<? extends CompiledModule> r; (r = GONE.poll()) != null; ) {
            Release rel = (Release) r;
            if (RELEASES.remove(rel)) {
                IN_USE.addAndGet(-rel.bytes.get());
                UNLOADED.add(rel.classes.sum());
            }
        }
    }

    /** Class-file bytes of the compiled code of modules not yet collected. */
    public static long bytesInUse() {
        releaseCollected();
        return IN_USE.get();
    }

    /** Classes defined since start-up. */
    public static long classesDefined() {
        return DEFINED.sum();
    }

    /** Classes whose module has been collected (so they are unloaded, or will be at the next class unloading). */
    public static long classesReleased() {
        releaseCollected();
        return UNLOADED.sum();
    }

    /** The cap in class-file bytes. */
    public static long limit() {
        return limit;
    }

    /** Sets the cap (tests, and embedders that size it at start-up); returns the previous one. */
    public static long limit(long bytes) {
        long old = limit;
        limit = bytes;
        return old;
    }

    /**
     * Tests: make the compiler reject every function (or stop doing so), as it rejects one too large for it;
     * returns the previous setting.
     */
    public static boolean rejectAll(boolean reject) {
        boolean old = Compiler.rejectAll;
        Compiler.rejectAll = reject;
        return old;
    }

    /**
     * Tests: compile every function split into regions of {@code n} instructions (0: split only functions too
     * large for one method); returns the previous setting. Also {@code -Dpinion.tier2.splitEvery=n}.
     */
    public static int splitEvery(int n) {
        int old = Compiler.splitEvery;
        Compiler.splitEvery = n;
        return old;
    }
}
