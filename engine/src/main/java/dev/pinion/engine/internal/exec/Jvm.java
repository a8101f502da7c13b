package dev.pinion.engine.internal.exec;

/**
 * What the engine needs to know about the JVM it runs on. Without a JIT compiler (the Zero VM of Debian's armhf
 * JDK, or {@code -Xint}) every bytecode is interpreted: FFM set-up costs seconds and segment access is a chain
 * of interpreted calls, so the memory backing and its accessors follow {@link #hasJit()}.
 */
public final class Jvm {
    private Jvm() {}

    /** The VM's name and mode, e.g. "OpenJDK Zero VM interpreted mode". */
    public static final String DESCRIPTION =
            (System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.info", "")).strip();

    private static final boolean HAS_JIT = !DESCRIPTION.contains("Zero") && !DESCRIPTION.contains("interpreted mode");

    /** False on the Zero VM and with {@code -Xint}. */
    public static boolean hasJit() {
        return HAS_JIT;
    }
}
