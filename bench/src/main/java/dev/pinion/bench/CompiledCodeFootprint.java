package dev.pinion.bench;

import dev.pinion.bench.runtime.WasmRuntime;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What compiled code costs in memory, and whether it goes away with its module. For each workload and each
 * compiling runtime ({@code pinion-compiled}: every function through Pinion's tier-2 compiler into hidden
 * classes at instantiation; {@code chicory-compiler}: the whole module to bytecode at load; {@code pinion}, the
 * interpreter, as the baseline that generates no classes), and for the generated ~100 KB and ~1 MB modules of
 * the cold-start benchmark (620 and 6,200 functions), in one JVM after a warm-up that loads each runtime's own
 * classes:
 * <ul>
 *   <li>classes loaded and Metaspace used (the JVM's pool of class metadata: bytecode, constant pools, method
 *       data) by load + instantiate + one call of {@code run(n)}, after a GC;</li>
 *   <li>heap retained by the live instance (lowered code, memory, tables);</li>
 *   <li>after the module and instance are dropped and the GC has run: classes unloaded, and the Metaspace still
 *       held compared with before the load (0 when the compiled code went away with its module).</li>
 * </ul>
 * Not JMH: these are sizes, not times. Usage: {@code CompiledCodeFootprint OUT_DIR}: writes
 * {@code compiled-code.csv} and {@code compiled-code.md} (the table for bench/README.md). The JVM's
 * {@code -XX:NativeMemoryTracking=summary} gives the Metaspace of a whole process (bigmodule.sh).
 */
public final class CompiledCodeFootprint {
    private CompiledCodeFootprint() {}

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompiledCodeFootprint OUT_DIR");
            System.exit(2);
        }
        List<String> runtimes = List.of("pinion", "pinion-compiled", "chicory-compiler");
        List<Subject> subjects = new ArrayList<>();
        for (Workload w : Workload.all()) {
            subjects.add(new Subject(w.name(), w.wasm(), "run", w.n(), w.checksum()));
        }
        for (String size : List.of("medium", "large")) {
            subjects.add(new Subject(size, Workload.resource("/modules/" + size + ".wasm"), "entry", 7, -1));
        }
        // Warm-up: every runtime's own classes (compiler, ClassFile API, ASM) are loaded before anything is counted.
        for (String r : runtimes) {
            for (Subject s : subjects.subList(0, 3)) measure(r, s);
        }
        List<String> csv = new ArrayList<>();
        csv.add("runtime,module,wasm_bytes,classes_loaded,metaspace_kib,heap_kib,classes_unloaded,metaspace_kept_kib");
        StringBuilder md = new StringBuilder("| module | Wasm bytes | runtime | classes loaded | Metaspace, KiB | "
                + "heap retained, KiB | classes unloaded after release | Metaspace kept after release, KiB |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (Subject s : subjects) {
            for (String r : runtimes) {
                long[] m = measure(r, s);
                csv.add(String.join(",", r, s.name, String.valueOf(s.wasm.length), String.valueOf(m[0]),
                        String.valueOf(m[1] / 1024), String.valueOf(m[2] / 1024), String.valueOf(m[3]),
                        String.valueOf(m[4] / 1024)));
                md.append(String.format(java.util.Locale.ROOT, "| %s | %,d | %s | %,d | %s | %s | %,d | %s |%n",
                        s.name, s.wasm.length, r, m[0], kib(m[1]), kib(m[2]), m[3], kib(m[4])));
                System.out.println(csv.getLast());
            }
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve("compiled-code.csv"), csv);
        Files.writeString(dir.resolve("compiled-code.md"), md.toString());
    }

    /** KiB with thousands separators; a negative difference (GC noise around zero) reads "~0". */
    private static String kib(long bytes) {
        return bytes < 0 ? "~0" : String.format(java.util.Locale.ROOT, "%,d", bytes / 1024);
    }

    /** A module, the export called once with {@code arg}, and its result (-1: any result, checked against itself). */
    private record Subject(String name, byte[] wasm, String export, int arg, long expected) {}

    /** {classes loaded, Metaspace bytes, heap bytes, classes unloaded after release, Metaspace bytes kept}. */
    private static long[] measure(String runtime, Subject s) {
        settle();
        long classes0 = CLASSES.getTotalLoadedClassCount(), unloaded0 = CLASSES.getUnloadedClassCount();
        long meta0 = metaspaceUsed(), heap0 = heapUsed();
        WasmRuntime wasm = WasmRuntime.create(runtime);
        WasmRuntime.Module module = wasm.load(s.wasm);
        WasmRuntime.Instance instance = module.instantiate();
        long result = instance.export(s.export).call(s.arg);
        if (s.expected >= 0 && result != s.expected) {
            throw new IllegalStateException(runtime + " computed " + result + " for " + s.name + ", expected " + s.expected);
        }
        settle();
        long classes = CLASSES.getTotalLoadedClassCount() - classes0;
        long meta = metaspaceUsed() - meta0, heap = heapUsed() - heap0;
        java.lang.ref.Reference.reachabilityFence(instance);
        java.lang.ref.Reference.reachabilityFence(module);
        wasm.close();
        instance = null;
        module = null;
        wasm = null;
        settle();
        return new long[] {classes, meta, heap, CLASSES.getUnloadedClassCount() - unloaded0, metaspaceUsed() - meta0};
    }

    /** Full GCs until the numbers stop moving (class unloading needs a full GC; Metaspace is freed after it). */
    private static void settle() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) return pool.getUsage().getUsed();
        }
        throw new IllegalStateException("this JVM has no Metaspace memory pool");
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
