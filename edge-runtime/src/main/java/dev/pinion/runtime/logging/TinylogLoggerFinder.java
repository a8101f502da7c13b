package dev.pinion.runtime.logging;

/**
 * Binds {@link System.Logger} (what the libraries - engine, wasi-iot, ota-updater - log through) to tinylog.
 * Registered in {@code META-INF/services/java.lang.System$LoggerFinder}; the JDK finds it on the class path
 * the first time anything calls {@link System#getLogger}. tinylog 2.7 has no System.Logger bridge of its own,
 * and this one is small enough not to justify another jar on a gateway's class path.
 */
public final class TinylogLoggerFinder extends System.LoggerFinder {

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new TinylogSystemLogger(name);
    }
}
