package dev.pinion.runtime.logging;

import java.io.IOException;

/** Run in a separate JVM by {@link TinylogLoggerFinderTest}: logs one line per case, as a library would. */
public final class LogProbe {
    public static void main(String[] args) {
        LogSetup.configure(LogSetup.Level.valueOf(args[0]), true);
        System.Logger engine = System.getLogger("dev.pinion.engine");
        engine.log(System.Logger.Level.DEBUG, "hidden at INFO");
        engine.log(System.Logger.Level.INFO, "compiled {0}: {1} functions", "sensor.wasm", 3);
        System.getLogger("dev.pinion.ota").log(System.Logger.Level.WARNING, "manifest {unquoted} kept as is");
        System.getLogger("dev.pinion.wasi").log(System.Logger.Level.ERROR, "fd_write failed", new IOException("disk gone"));
        System.getLogger("java.lang.Runtime").log(System.Logger.Level.DEBUG, "JDK debug is hidden below trace");
    }
}
