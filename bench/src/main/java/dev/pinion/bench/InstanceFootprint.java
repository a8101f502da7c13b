package dev.pinion.bench;

import dev.pinion.bench.runtime.WasmRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per instance, measured outside JMH because it is a size, not a time. For each runtime and module:
 * <ul>
 *   <li>allocated: bytes this thread allocates per {@code instantiate()} (ThreadMXBean, averaged over
 *       {@value #INSTANCES} instantiations after a warm-up), the garbage a gateway churns per instance;</li>
 *   <li>retained: growth of the GC-settled heap while holding {@value #INSTANCES} live instances, divided by
 *       their number: what each extra instance costs to keep (linear memory included).</li>
 * </ul>
 * Usage: {@code InstanceFootprint OUT.csv}; writes {@code runtime,module,allocated_bytes,retained_bytes,error}.
 */
public final class InstanceFootprint {
    static final int INSTANCES = 50;
    private static final List<String> MODULES = List.of("workloads/fib", "workloads/sieve", "modules/medium");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: InstanceFootprint OUT.csv");
            System.exit(2);
        }
        List<String> lines = new ArrayList<>(List.of("runtime,module,allocated_bytes,retained_bytes,error"));
        for (String id : WasmRuntime.IDS) {
            for (String module : MODULES) {
                String name = module.substring(module.indexOf('/') + 1);
                try {
                    long[] m = measure(id, Workload.resource("/" + module + ".wasm"));
                    lines.add(id + "," + name + "," + m[0] + "," + m[1] + ",");
                } catch (RuntimeException | LinkageError e) {
                    lines.add(id + "," + name + ",,," + String.valueOf(e).replace(',', ';').replace('\n', ' '));
                }
                System.out.println(lines.getLast());
            }
        }
        Files.write(Path.of(args[0]), lines);
    }

    /** Returns {allocated bytes per instantiate, retained bytes per live instance}. */
    static long[] measure(String runtimeId, byte[] wasm) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        try (WasmRuntime runtime = WasmRuntime.create(runtimeId); WasmRuntime.Module module = runtime.load(wasm)) {
            for (int i = 0; i < INSTANCES; i++) module.instantiate(); // warm the instantiation path
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < INSTANCES; i++) module.instantiate();
            long allocated = (threads.getThreadAllocatedBytes(thread) - before) / INSTANCES;

            long heapBefore = settledHeap();
            List<WasmRuntime.Instance> live = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) live.add(module.instantiate());
            long heapAfter = settledHeap();
            long retained = (heapAfter - heapBefore) / live.size();
            return new long[] {allocated, retained};
        }
    }

    /** Used heap after repeated full GCs stop shrinking it (System.gc is a request, so ask until it settles). */
    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last - 1024) return used;
            last = used;
        }
        return last;
    }
}
