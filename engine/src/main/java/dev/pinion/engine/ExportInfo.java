package dev.pinion.engine;

/** An export declared by a module: its name, type and index in its index space. */
public record ExportInfo(String name, ExternType type, int index) {}
