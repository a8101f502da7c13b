package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trap backtraces: names from the name section, wasmtime's {@code <wasm function N>} without one, and a
 * {@link Trap#describe()} that folds recursion and stays short however deep the stack was.
 */
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

    private static Trap trap(List<Trap.Frame> frames) {
        Trap t = new Trap(Trap.Kind.UNREACHABLE);
        t.setWasmStackTrace(frames);
        return t;
    }

    private static List<Trap.Frame> frames(int... indices) {
        List<Trap.Frame> list = new ArrayList<>();
        for (int i : indices) list.add(new Trap.Frame(null, i, null));
        return list;
    }

    private static List<String> lines(Trap t) {
        return t.describe().lines().toList();
    }

    @Test
    void frameWithoutName_isNamedLikeWasmtime() {
        assertEquals("<wasm function 7>", new Trap.Frame(null, 7, null).toString());
        assertEquals("m!<wasm function 7>", new Trap.Frame("m", 7, null).toString());
        assertEquals("m!f", new Trap.Frame("m", 7, "f").toString());
    }

    @Test
    void describe_shortBacktrace_everyFrameOneLine() {
        assertEquals(List.of("wasm trap: unreachable", "  0: <wasm function 3>", "  1: <wasm function 3>",
                "  2: <wasm function 1>"), lines(trap(frames(3, 3, 1))));
    }

    @Test
    void describe_foldsARepeatedFrame() {
        List<Trap.Frame> fs = new ArrayList<>(frames(5));
        for (int i = 0; i < 9_998; i++) fs.add(new Trap.Frame(null, 32, null));
        fs.addAll(frames(2, 1));
        assertEquals(List.of("wasm trap: unreachable", "  0: <wasm function 5>", "  1: <wasm function 32>",
                        "  ... 9,997 more frames of <wasm function 32>", "  9999: <wasm function 2>",
                        "  10000: <wasm function 1>"),
                lines(trap(fs)));
    }

    @Test
    void describe_foldsMutualRecursion() {
        List<Trap.Frame> fs = new ArrayList<>();
        for (int i = 0; i < 500; i++) fs.addAll(frames(4, 6));
        fs.addAll(frames(0));
        assertEquals(List.of("wasm trap: unreachable", "  0: <wasm function 4>", "  1: <wasm function 6>",
                        "  ... 998 more frames repeating the 2 above", "  1000: <wasm function 0>"),
                lines(trap(fs)));
    }

    @Test
    void describe_capsABacktraceWithNoRepetition() {
        int[] distinct = new int[1_000];
        for (int i = 0; i < distinct.length; i++) distinct[i] = i;
        List<String> lines = lines(trap(frames(distinct)));
        assertEquals(1 + Trap.DESCRIBE_MAX_FRAMES + 1, lines.size());
        assertEquals("  99: <wasm function 99>", lines.get(Trap.DESCRIBE_MAX_FRAMES));
        assertEquals("  ... 900 more frames", lines.getLast());
    }

    @Test
    void callStackExhaustion_describesTheRecursionInAFewLines() {
        Instance inst = TestModules.instantiate("limits");
        Trap t = assertThrows(Trap.class, () -> inst.function("recurse").call(0));
        assertEquals(Config.DEFAULT.maxCallDepth(), t.wasmStackTrace().size()); // every frame is kept
        assertEquals(List.of("wasm trap: call stack exhausted", "  0: limits!down",
                "  ... 9,999 more frames of limits!down"), lines(t));
    }
}
