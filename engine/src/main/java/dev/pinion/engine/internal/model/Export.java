package dev.pinion.engine.internal.model;

/** An export entry; {@code kind} is the binary export kind (0 func, 1 table, 2 memory, 3 global). */
public record Export(String name, int kind, int index, int offset) {
    public static final int FUNC = 0, TABLE = 1, MEMORY = 2, GLOBAL = 3;
}
