package dev.pinion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run from which the launcher records the JDK AOT cache ({@code -XX:AOTCacheOutput}): the JVM
 * writes down which classes this process loaded and linked, and later starts get them from the cache. So the
 * workload is what must start fast: {@code pinion run} on a WASI command, through the same code as
 * {@link Main}, writing to this process's stdout (the launcher sends it to /dev/null).
 * Not a subcommand: it is of no use to a user, and it must not show in the usage.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("pinion-aot-training");
        Path hello = dir.resolve("hello_wasi.wasm");
        try {
            Files.write(hello, DemoCommand.resource("hello_wasi.wasm"));
            for (String workload : args) {
                switch (workload) {
                    case "run" -> Main.runFast(new String[] {hello.toString(), "--sensor", "room_temp"});
                    case "demo" -> {
                        PrintWriter none = new PrintWriter(Writer.nullWriter());
                        Pinion.run(none, none, "demo");
                    }
                    default -> throw new IllegalArgumentException("unknown workload " + workload);
                }
            }
        } finally {
            Files.deleteIfExists(hello);
            Files.deleteIfExists(dir);
        }
        System.out.flush();
        System.exit(0);
    }
}
