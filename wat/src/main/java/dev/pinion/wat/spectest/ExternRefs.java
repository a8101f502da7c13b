package dev.pinion.wat.spectest;

import java.util.HashMap;
import java.util.Map;

/**
 * The host objects that stand for the script's {@code (ref.extern n)} values: one object per n for the whole
 * script, so a reference that goes into a table or global and comes back out is the same object (the engine may
 * compare references by identity).
 */
final class ExternRefs {
    /** The host reference numbered n; a record, so it is also equal by value. */
    record HostRef(long n) {}

    private final Map<Long, HostRef> refs = new HashMap<>();

    HostRef get(long n) {
        return refs.computeIfAbsent(n, HostRef::new);
    }
}
