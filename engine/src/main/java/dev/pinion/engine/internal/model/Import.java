package dev.pinion.engine.internal.model;

import dev.pinion.engine.ExternType;

/**
 * An import entry. For function imports {@code typeIndex} is the type index (and {@code type} the resolved
 * {@link ExternType.Func}); otherwise -1.
 */
public record Import(String module, String name, ExternType type, int typeIndex, int offset) {}
