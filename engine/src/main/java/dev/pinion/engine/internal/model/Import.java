package dev.pinion.engine.internal.model;

import dev.pinion.engine.ExternType;

/**
 * An import entry. For function imports {@code typeIndex} is the type index and {@code type} the resolved
 * {@link ExternType.Func} (whose {@code type()} is null if the index is out of range: the validator rejects that
 * as "unknown type", so after validation it is never null); otherwise {@code typeIndex} is -1.
 */
public record Import(String module, String name, ExternType type, int typeIndex, int offset) {}
