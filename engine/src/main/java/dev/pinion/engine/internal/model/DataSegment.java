package dev.pinion.engine.internal.model;

/**
 * A data segment. The bytes stay in the module binary: {@code dataOffset}/{@code dataLength} locate them.
 *
 * @param active      true for active segments (with memIndex and memOffset), false for passive
 */
public record DataSegment(boolean active, int memIndex, ConstExpr memOffset, int dataOffset, int dataLength,
                          int offset) {}
