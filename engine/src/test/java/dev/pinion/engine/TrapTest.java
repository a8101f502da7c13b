package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Trap backtraces name functions from the name section. */
class TrapTest {
    @Test
    void trap_carriesWasmFramesNamedFromTheNameSection() {
        Instance inst = TestModules.instantiate("names");
        Trap t = assertThrows(Trap.class, () -> inst.function("outer").call());
        assertEquals(Trap.Kind.INTEGER_DIVIDE_BY_ZERO, t.kind());
        List<String> names = t.wasmStackTrace().stream().map(Trap.Frame::functionName).toList();
        assertEquals(List.of("inner", "middle", "outer"), names);
        assertEquals("named", t.wasmStackTrace().get(0).moduleName());
        assertEquals(0, t.wasmStackTrace().get(0).functionIndex());
        assertTrue(t.describe().contains("0: named!inner"), t.describe());
    }

    @Test
    void eachTrap_hasItsOwnFrames() {
        Instance inst = TestModules.instantiate("names");
        Trap deep = assertThrows(Trap.class, () -> inst.function("outer").call());
        Trap shallow = assertThrows(Trap.class, () -> inst.function("inner").call());
        assertEquals(3, deep.wasmStackTrace().size());
        assertEquals(1, shallow.wasmStackTrace().size());
    }
}
