package dev.pinion.engine;

/** An import declared by a module. */
public record ImportInfo(String module, String name, ExternType type) {}
