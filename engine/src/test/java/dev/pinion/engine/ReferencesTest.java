package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** externref values through host functions, tables and globals (refs.wat). */
class ReferencesTest {
    private static final FuncType REF_TO_REF = FuncType.of(List.of(ValType.EXTERNREF), List.of(ValType.EXTERNREF));

    private final Instance inst = TestModules.compile("refs").instantiate(Imports.builder()
            .add(HostModule.builder("env").function("wrap", REF_TO_REF, (caller, stack, base) -> {
                Object in = caller.refToObject(stack[base]);
                stack[base] = caller.objectToRef(List.of(in));
            }).build())
            .build());

    @Test
    void externref_crossesTheHostBoundaryAsObjects() {
        Object sensor = new Object();
        Object[] r = inst.function("round_trip").invoke(sensor);
        assertEquals(List.of(sensor), r[0]);
    }

    @Test
    void externref_isStoredInTablesAndGlobalsAsTheSameObject() {
        Object sensor = new StringBuilder("room_temp");
        inst.function("stash").invoke(sensor);
        assertSame(sensor, inst.function("from_table").invoke()[0]);
        assertSame(sensor, inst.function("from_global").invoke()[0]);
    }

    @Test
    void nullReference_isNull() {
        assertArrayEquals(new Object[] {1}, inst.function("is_null").invoke((Object) null));
        assertArrayEquals(new Object[] {0}, inst.function("is_null").invoke("x"));
        assertNull(inst.function("from_global").invoke()[0]);
    }
}
