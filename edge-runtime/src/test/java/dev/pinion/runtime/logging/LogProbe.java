package dev.pinion.runtime.logging;

import java.io.IOException;
import org.tinylog.configuration.Configuration;

/**
 * Run in a separate JVM by {@link TinylogLoggerFinderTest}: logs one line per case, as a library would.
 * Arguments: the level, and optionally "deferred" to configure with {@link LogSetup#configureOnFirstUse}, in
 * which case it also prints to stdout whether tinylog was still untouched after a filtered-out line.
 */
public final class LogProbe {
    public static void main(String[] args) {
        boolean deferred = args.length > 1 && args[1].equals("deferred");
        if (deferred) {
            LogSetup.configureOnFirstUse(LogSetup.Level.valueOf(args[0]), true);
        } else {
            LogSetup.configure(LogSetup.Level.valueOf(args[0]), true);
        }
        System.Logger engine = System.getLogger("dev.pinion.engine");
        engine.log(System.Logger.Level.DEBUG, "hidden at INFO");
        System.getLogger("java.lang.Runtime").log(System.Logger.Level.DEBUG, "JDK debug is hidden below trace");
        if (deferred) System.out.println("tinylog configured before the first shown line: " + Configuration.isFrozen());
        engine.log(System.Logger.Level.INFO, "compiled {0}: {1} functions", "sensor.wasm", 3);
        System.getLogger("dev.pinion.ota").log(System.Logger.Level.WARNING, "manifest {unquoted} kept as is");
        System.getLogger("dev.pinion.wasi").log(System.Logger.Level.ERROR, "fd_write failed", new IOException("disk gone"));
        System.getLogger("java.lang.Runtime").log(System.Logger.Level.DEBUG, "JDK debug is hidden below trace");
    }
}
