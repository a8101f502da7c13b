package dev.pinion.engine.internal.model;

import dev.pinion.engine.ValType;

/**
 * A function body as decoded: declared locals (expanded, parameters not included) and the byte range of the
 * instruction sequence in the module, {@code bodyStart} inclusive to {@code bodyEnd} exclusive; the last byte
 * of the range is the function's final {@code end} (0x0B).
 */
public record Code(ValType[] locals, int bodyStart, int bodyEnd) {}
