package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The value stack is capped in bytes, not only in frames: a function with many locals that recurses must trap
 * ("call stack exhausted") long before the call-depth limit instead of growing the heap by gigabytes (the spec
 * script skip-stack-guard-page took 2.4 GB of RSS before the cap).
 */
class StackSizeLimitTest {
    /**
     * {@code (global $depth (mut i32) (i32.const 0))
     *  (func (export "recurse") (local i64 x 20000) (global.set 0 (i32.add (global.get 0) (i32.const 1))) (call 0))
     *  (func (export "depth") (result i32) (global.get 0))}, encoded by hand (the engine has no text parser).
     */
    private static final byte[] BIG_FRAMES = {
            0, 'a', 's', 'm', 1, 0, 0, 0,
            1, 8, 2, 0x60, 0, 0, 0x60, 0, 1, 0x7f,                       // types: [] -> [], [] -> [i32]
            3, 3, 2, 0, 1,                                               // funcs: type 0, type 1
            6, 6, 1, 0x7f, 1, 0x41, 0, 0x0b,                             // global: mut i32 = 0
            7, 19, 2, 7, 'r', 'e', 'c', 'u', 'r', 's', 'e', 0, 0,        // exports
            5, 'd', 'e', 'p', 't', 'h', 0, 1,
            10, 22, 2,                                                   // code
            15, 1, (byte) 0xa0, (byte) 0x9c, 1, 0x7e,                    //   20000 locals of i64
            0x23, 0, 0x41, 1, 0x6a, 0x24, 0, 0x10, 0, 0x0b,             //   depth++; call 0
            4, 0, 0x23, 0, 0x0b                                          //   global.get 0
    };

    @Test
    void recursionWithBigFrames_trapsAtTheStackCapBeforeTheDepthLimit() {
        Instance instance = WasmModule.compile(BIG_FRAMES).instantiate(Imports.NONE);
        Trap trap = assertThrows(Trap.class, () -> instance.function("recurse").call());
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, trap.kind());
        int depth = (int) instance.function("depth").call()[0];
        // 4 Mi slots / ~20,000 slots per frame: about 200 frames, far below the 10,000-frame depth limit.
        assertTrue(depth > 50 && depth < 1000, "trapped at depth " + depth);
        // The thread's stack is usable again: a fresh call runs.
        assertEquals(depth, (int) instance.function("depth").call()[0]);
    }
}
