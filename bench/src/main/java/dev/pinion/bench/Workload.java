package dev.pinion.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One compute workload: a module exporting {@code run(n) -> checksum}, the n every runtime calls it with, and
 * the checksum the same C source gives when compiled natively (written by build-workloads.sh).
 */
public record Workload(String name, int n, long checksum) {

    /** Workload names, in the order of workloads.csv; the JMH parameter list must match it. */
    public static List<Workload> all() {
        return read("/workloads/workloads.csv");
    }

    /** The SIMD pairs (NAME without SIMD, NAME_simd with -msimd128), in the order of simd.csv. */
    public static List<Workload> simd() {
        return read("/workloads/simd.csv");
    }

    private static List<Workload> read(String path) {
        String csv = new String(resource(path), StandardCharsets.UTF_8);
        List<Workload> result = new ArrayList<>();
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f.length != 3) throw new IllegalStateException(path + " line " + (i + 1) + ": expected name,n,checksum, got '" + line + "'");
            result.add(new Workload(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2])));
        }
        return result;
    }

    public static Workload named(String name) {
        return java.util.stream.Stream.concat(all().stream(), simd().stream()).filter(w -> w.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workload '" + name + "' in workloads.csv or simd.csv"));
    }

    public byte[] wasm() {
        return resource("/workloads/" + name + ".wasm");
    }

    /** Throws naming the workload and runtime when a result differs from the native checksum. */
    public void verify(String runtime, long result) {
        if (result != checksum) {
            throw new IllegalStateException(runtime + " computed checksum " + result + " for " + name + "(" + n
                    + "), native code computed " + checksum);
        }
    }

    /** A classpath resource's bytes, or an error naming the missing resource. */
    public static byte[] resource(String path) {
        try (InputStream in = Workload.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path + " (run bench/build-workloads.sh)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + path, e);
        }
    }
}
