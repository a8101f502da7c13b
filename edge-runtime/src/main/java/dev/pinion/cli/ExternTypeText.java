package dev.pinion.cli;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.Limits;

/** How the CLI prints import/export types: close to the text format, e.g. {@code func (i32) -> (i32)}. */
final class ExternTypeText {
    private ExternTypeText() {}

    static String kind(ExternType type) {
        return switch (type) {
            case ExternType.Func f -> "func";
            case ExternType.Table t -> "table";
            case ExternType.Memory m -> "memory";
            case ExternType.Global g -> "global";
        };
    }

    /**
     * The type without its kind word, e.g. {@code (i32) -> (i32)}, {@code pages: min 1, max 16},
     * {@code funcref, elements: min 5, no max}, {@code mut i64}.
     */
    static String signature(ExternType type) {
        return switch (type) {
            case ExternType.Func f -> f.type().toString();
            case ExternType.Table t -> t.elementType().wasmName() + ", " + limits(t.limits(), "elements");
            case ExternType.Memory m -> limits(m.limits(), "pages") + (m.shared() ? " shared" : "");
            case ExternType.Global g -> (g.mutable() ? "mut " : "") + g.valueType().wasmName();
        };
    }

    /** {@code pages: min 1, max 16}, or {@code pages: min 1, no max}. */
    static String limits(Limits limits, String unit) {
        return unit + ": min " + limits.min() + (limits.hasMax() ? ", max " + limits.max() : ", no max");
    }
}
