package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.CodeCache;
import dev.pinion.engine.internal.tier2.Tier2;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The memory tier 2's compiled code takes: shared by a module's instances, capped engine-wide (functions past
 * the cap stay interpreted, counted by reason), and unloaded with its module, so a daemon swapping modules does
 * not leak metaspace. {@code -Dpinion.test.swaps=1000} runs the unloading test with 1,000 swaps.
 */
class Tier2CodeMemoryTest {
    private static final Config COMPILED = Config.DEFAULT.withTier(Config.Tier.COMPILED);
    private static final String[] EXPORTS = {"fill", "fib", "div", "load", "nested_div", "recurse", "switch", "grow",
            "select", "simd", "bulk"};

    private static WasmFunction wasm(Instance inst, String export) {
        return (WasmFunction) inst.function(export);
    }

    @Test
    void instancesOfAModule_shareOneCompiledClassPerFunction() {
        WasmModule m = TestModules.compile("tier2", COMPILED);
        long before = CodeCache.classesDefined();
        Instance a = m.instantiate();
        long afterFirst = CodeCache.classesDefined();
        Instance b = m.instantiate();
        assertEquals(afterFirst, CodeCache.classesDefined(), "the second instance compiles nothing");
        assertTrue(afterFirst - before >= EXPORTS.length, "first instance compiled its functions");
        for (String f : EXPORTS) {
            assertNotNull(wasm(b, f).tier2, f);
            assertSame(wasm(a, f).tier2, wasm(b, f).tier2, f);
        }
        // shared code, separate state: each instance's calls land in its own globals and memory
        a.function("fill").call(10); // calls $square for the five even indexes
        assertEquals(5, a.function("calls").call()[0]);
        assertEquals(0, b.function("calls").call()[0]);
        assertEquals(55, b.function("fib").call(10)[0]);
    }

    @Test
    void pastTheCap_functionsStayInterpretedWithTheReason_andRunTheSame() throws InterruptedException {
        // the cache is JVM-wide: modules of earlier tests collected while this one runs would return their bytes
        // and leave room for everything, so they go first
        for (int k = 0; k < 20; k++) {
            long was = CodeCache.bytesInUse();
            System.gc();
            Thread.sleep(20);
            if (CodeCache.bytesInUse() == was) break;
        }
        long before = CodeCache.bytesInUse();
        Instance whole = TestModules.compile("tier2", COMPILED).instantiate();
        long moduleBytes = CodeCache.bytesInUse() - before;
        assertNotNull(wasm(whole, "fib").tier2);
        // room for about half of the module's code
        long old = CodeCache.limit(CodeCache.bytesInUse() + moduleBytes / 2);
        Instance c, i;
        try {
            long rejectedBefore = Tier2.rejected().getOrDefault("compiled-code cap reached", 0L);
            c = TestModules.compile("tier2", COMPILED).instantiate();
            int compiled = 0, interpreted = 0;
            StringBuilder which = new StringBuilder();
            for (String f : EXPORTS) {
                boolean isCompiled = wasm(c, f).tier2 != null;
                if (isCompiled) compiled++; else interpreted++;
                which.append(f).append(isCompiled ? " compiled, " : " interpreted, ");
            }
            which.append(moduleBytes).append(" bytes for the module");
            assertTrue(interpreted > 0, "the cap left functions interpreted: " + which);
            assertTrue(compiled > 0, "functions under the cap were compiled");
            assertTrue(CodeCache.bytesInUse() <= CodeCache.limit(), "bytes in use stay under the cap");
            assertTrue(Tier2.rejected().getOrDefault("compiled-code cap reached", 0L) > rejectedBefore,
                    Tier2.rejected().toString());
        } finally {
            CodeCache.limit(old);
            java.lang.ref.Reference.reachabilityFence(whole); // its bytes are part of what the cap leaves room for
        }
        i = TestModules.compile("tier2", Config.DEFAULT).instantiate();
        for (long n : new long[] {0, 1, 10, 20}) assertArrayEquals(i.function("fib").call(n), c.function("fib").call(n));
        assertArrayEquals(i.function("fill").call(50), c.function("fill").call(50));
        assertArrayEquals(i.function("calls").call(), c.function("calls").call());
        for (long k = -1; k < 4; k++) assertArrayEquals(i.function("switch").call(k), c.function("switch").call(k));
    }

    @Test
    void droppedModules_haveTheirCompiledClassesUnloaded() throws InterruptedException {
        int swaps = Integer.getInteger("pinion.test.swaps", 200);
        byte[] bytes = TestModules.bytes("tier2");
        long bytesBefore = CodeCache.bytesInUse();
        long definedBefore = CodeCache.classesDefined(), releasedBefore = CodeCache.classesReleased();
        long unloadedBefore = ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount();
        List<WeakReference<Class<?>>> classes = new ArrayList<>();
        for (int s = 0; s < swaps; s++) {
            // an OTA swap: a new module (a new version), its instance, a call, then the old one is dropped
            Instance inst = WasmModule.compile(bytes, COMPILED).instantiate();
            assertEquals(55, inst.function("fib").call(10)[0]);
            classes.add(new WeakReference<>(wasm(inst, "fib").tier2.getClass()));
        }
        long defined = CodeCache.classesDefined() - definedBefore;
        assertTrue(defined >= (long) swaps * EXPORTS.length, "each swap compiled its module: " + defined);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            System.gc();
            long alive = classes.stream().filter(r -> r.get() != null).count();
            long released = CodeCache.classesReleased() - releasedBefore;
            if (alive == 0 && released >= defined) break;
            if (System.nanoTime() > deadline) {
                fail(alive + " of " + swaps + " dropped modules' classes still loaded, " + released + " of " + defined
                        + " released");
            }
            Thread.sleep(50);
        }
        long unloaded = ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount() - unloadedBefore;
        assertTrue(unloaded >= defined, "the JVM unloaded " + unloaded + " classes, " + defined + " were defined");
        assertTrue(CodeCache.bytesInUse() <= bytesBefore,
                "their bytes went back to the budget: " + CodeCache.bytesInUse() + " > " + bytesBefore);
    }
}
