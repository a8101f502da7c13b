package dev.pinion.engine.internal.tier2;

/**
 * One on-stack-replacement entry of a function: compiled code that starts at the instruction after a loop header
 * ({@code entry}) with every frame slot loaded from the interpreter's frame, and runs the frame to its return.
 * {@code code} is null while the compilation is queued or when the compiler rejected it ({@code rejected}).
 * Entries form an immutable list, replaced as a whole under the function's lock.
 */
public record OsrCode(int entry, CompiledCode code, boolean rejected, OsrCode next) {
    /** The entry at {@code pc} in this list, or null. */
    public static OsrCode find(OsrCode list, int pc) {
        for (OsrCode o = list; o != null; o = o.next) if (o.entry == pc) return o;
        return null;
    }
}
