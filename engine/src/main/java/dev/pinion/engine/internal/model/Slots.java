package dev.pinion.engine.internal.model;

import dev.pinion.engine.ValType;
import java.util.List;

/**
 * How many {@code long} slots values take in a frame and at the API: one for every type except v128, which is
 * two (low 64 bits first, lanes in little-endian order).
 */
public final class Slots {
    private Slots() {}

    public static int of(ValType t) {
        return t == ValType.V128 ? 2 : 1;
    }

    public static int of(List<ValType> types) {
        int n = 0;
        for (int i = 0, k = types.size(); i < k; i++) n += of(types.get(i));
        return n;
    }
}
