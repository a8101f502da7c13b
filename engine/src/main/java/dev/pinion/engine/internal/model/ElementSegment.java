package dev.pinion.engine.internal.model;

import dev.pinion.engine.ValType;
import java.util.List;

/**
 * An element segment. Function-index forms are decoded into {@code ref.func} constant expressions so every
 * segment has one shape.
 *
 * @param mode       active, passive or declarative
 * @param tableIndex table of an active segment (0 otherwise)
 * @param tableOffset offset expression of an active segment, null otherwise
 * @param type       element type (funcref or externref)
 * @param init       one constant expression per element
 */
public record ElementSegment(Mode mode, int tableIndex, ConstExpr tableOffset, ValType type, List<ConstExpr> init,
                             int offset) {
    public enum Mode { ACTIVE, PASSIVE, DECLARATIVE }
}
