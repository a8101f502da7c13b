package dev.pinion.bench;

import dev.pinion.engine.Config;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.ImportInfo;
import dev.pinion.engine.Imports;
import dev.pinion.engine.WasmModule;
import dev.pinion.engine.internal.tier2.CodeCache;
import dev.pinion.engine.internal.tier2.Tier2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tier 2 makes of a whole module: every function sent through the compiler (the compile-everything tier),
 * then the functions compiled and those left interpreted by reason, the class-file bytes and the metaspace the
 * compiled code takes (in total and per function), and the time it took. Function imports are stubs that are
 * never called (the module is only instantiated, not run); memory, table and global imports are not supported.
 * Usage: {@code Tier2Footprint MODULE.wasm... [--no-cap]} (--no-cap lifts the compiled-code cap, to count what
 * the compiler alone leaves interpreted).
 */
public final class Tier2Footprint {
    private Tier2Footprint() {}

    /** The instances measured so far, kept alive so their code stays counted. */
    private static final java.util.List<Object> KEEP = new java.util.ArrayList<>();

    public static void main(String[] args) throws IOException {
        boolean noCap = false;
        for (String a : args) {
            if (a.equals("--no-cap")) {
                noCap = true;
                continue;
            }
            if (noCap) CodeCache.limit(Long.MAX_VALUE);
            measure(Path.of(a));
        }
    }

    static void measure(Path wasm) throws IOException {
        byte[] bytes = Files.readAllBytes(wasm);
        WasmModule module = WasmModule.compile(bytes, Config.DEFAULT.withTier(Config.Tier.COMPILED));
        Map<String, HostModule.Builder> hosts = new LinkedHashMap<>();
        for (ImportInfo i : module.imports()) {
            if (i.type() instanceof ExternType.Func f) {
                hosts.computeIfAbsent(i.module(), HostModule::builder).function(i.name(), f.type(), (c, s, base) -> {
                    throw new IllegalStateException("stub import " + i.module() + "." + i.name() + " called");
                });
            } else {
                throw new IllegalArgumentException("import " + i + " is not a function: not supported here");
            }
        }
        Imports.Builder imports = Imports.builder();
        hosts.values().forEach(h -> imports.add(h.build()));
        Imports built = imports.build();

        long metaBefore = metaspaceAfterGc();
        long bytesBefore = CodeCache.bytesInUse(), compiledBefore = Tier2.compiledCount();
        Map<String, Long> rejectedBefore = Tier2.rejected();
        long t0 = System.nanoTime();
        var instance = module.instantiate(built);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long meta = metaspaceAfterGc() - metaBefore;
        long classBytes = CodeCache.bytesInUse() - bytesBefore;
        long compiled = Tier2.compiledCount() - compiledBefore;
        StringBuilder rejected = new StringBuilder();
        Tier2.rejected().forEach((reason, n) -> {
            long d = n - rejectedBefore.getOrDefault(reason, 0L);
            if (d > 0) rejected.append("; ").append(d).append(" ").append(reason);
        });
        System.out.printf("%s: %,d bytes, %d functions; compiled %d in %,d ms, class files %,d bytes (%,d per"
                        + " function), metaspace +%,d bytes (%,d per function); left interpreted: %s%n",
                wasm.getFileName(), bytes.length, module.definedFunctionCount(), compiled, ms, classBytes,
                compiled == 0 ? 0 : classBytes / compiled, meta, compiled == 0 ? 0 : meta / compiled,
                rejected.isEmpty() ? "none" : rejected.substring(2));
        KEEP.add(instance);
    }

    private static long metaspaceAfterGc() {
        System.gc();
        return CompiledCodeFootprint.metaspaceUsed();
    }
}
