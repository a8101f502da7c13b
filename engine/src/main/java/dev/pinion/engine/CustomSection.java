package dev.pinion.engine;

/** A custom section: its name, where it starts in the module bytes and its payload size. */
public record CustomSection(String name, int offset, int size) {}
