package dev.pinion.engine.internal.lower;

import dev.pinion.engine.internal.binary.CodeReader;
import dev.pinion.engine.internal.binary.Opcodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The constants of a function that get their own frame slots, filled on entry. A pooled {@code i32.const} then
 * emits nothing (the stack entry aliases the slot, like {@code local.get}), which removes a dispatch per constant
 * from hot loops at the price of a few stores per call. Constants are chosen by uses weighted by loop nesting,
 * at most {@link #MAX} per function. Values are keyed by their stack bits (i32/f32 sign-extended, i64/f64 raw):
 * every reader interprets a slot by the static type of the use, so equal bits are interchangeable.
 */
final class ConstantPool {
    static final int MAX = 32;

    private final long[] values;

    private ConstantPool(long[] values) {
        this.values = values;
    }

    int size() {
        return values.length;
    }

    long[] values() {
        return values.clone();
    }

    /** Pool index of a value, or -1. */
    int indexOf(long v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        return -1;
    }

    /** Scans a (well-formed) body for constants and picks the most used ones. */
    static ConstantPool scan(CodeReader in) {
        Map<Long, Integer> weight = new LinkedHashMap<>();
        boolean[] isLoop = new boolean[16];
        int depth = 0, loops = 0;
        while (!in.atEnd()) {
            int op = in.opcode();
            long v;
            switch (op) {
                case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.IF -> {
                    in.s33();
                    if (depth == isLoop.length) isLoop = Arrays.copyOf(isLoop, depth * 2);
                    isLoop[depth++] = op == Opcodes.LOOP;
                    if (op == Opcodes.LOOP) loops++;
                    continue;
                }
                case Opcodes.END -> {
                    if (depth > 0 && isLoop[--depth]) loops--;
                    continue;
                }
                case Opcodes.I32_CONST -> v = in.s32();
                case Opcodes.F32_CONST -> v = in.f32Bits();
                case Opcodes.I64_CONST -> v = in.s64();
                case Opcodes.F64_CONST -> v = in.f64Bits();
                default -> {
                    Lowerer.skipImmediates(in, op);
                    continue;
                }
            }
            weight.merge(v, 1 << (3 * Math.min(loops, 3)), Integer::sum);
        }
        List<Map.Entry<Long, Integer>> ranked = new ArrayList<>(weight.entrySet());
        ranked.removeIf(e -> e.getValue() < 2); // a constant used once outside loops costs a store per call for nothing
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: first use wins ties
        int n = Math.min(MAX, ranked.size());
        long[] values = new long[n];
        for (int i = 0; i < n; i++) values[i] = ranked.get(i).getKey();
        return new ConstantPool(values);
    }
}
