package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.internal.binary.Decoder;
import dev.pinion.engine.internal.interp.Op;
import dev.pinion.engine.internal.lower.CompiledFunction;
import dev.pinion.engine.internal.lower.Lowerer;
import dev.pinion.engine.internal.model.ModuleInfo;
import dev.pinion.engine.internal.validate.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code rewrite for tiering: every loop header becomes LOOP, no back-edge keeps a negative target, the pcs of
 * all instructions stay, and a rejected function gets exactly the interpreter-only code back; the lowerer's
 * {@code loops} flag (a function without loops is not rewritten) says whether there is a header.
 */
class LoopHeadersTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiering", "tier2", "limits", "semantics", "unlesstoloop"})
    void mark_thenUnmark_givesTheLoweredCodeBack(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = LoopHeadersTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            bytes = in.readAllBytes();
        }
        ModuleInfo info = Decoder.decode(bytes);
        Validator.validate(info);
        Lowerer lowerer = new Lowerer(info);
        int loops = 0, loopFree = 0;
        for (int i = 0; i < info.funcTypeIndices().length; i++) {
            CompiledFunction f = lowerer.lower(i);
            int headers = 0;
            for (int pc = 0; pc < f.code().length; pc += Op.length(f.code(), pc)) {
                if (f.code()[pc] == Op.FUEL && pc != 0) headers++;
            }
            // the tiered mode leaves a function without loops as lowered (nothing to rewrite): the flag must agree
            assertEquals(headers > 0, f.loops(), name + " function " + i + ": the lowerer's loops flag");
            if (headers == 0) loopFree++;
            int[] marked = LoopHeaders.mark(f).code();
            assertEquals(f.code().length + 3, marked.length);
            assertEquals(Op.RETURN, marked[LoopHeaders.osrReturn(marked)]);
            for (int pc = 0; pc < f.code().length; pc += Op.length(f.code(), pc)) {
                int op = f.code()[pc];
                if (op == Op.FUEL && pc != 0) {
                    assertEquals(Op.LOOP, marked[pc], name + " function " + i + " pc " + pc);
                    loops++;
                } else {
                    assertEquals(op, marked[pc], "every other instruction stays where it was");
                }
                if (op == Op.BR) assertTrue(marked[pc + 1] >= 0, "a back-edge is a plain branch to its header");
            }
            assertArrayEquals(f.code(), LoopHeaders.unmark(marked), name + " function " + i);
        }
        assertTrue(loops > 0, name + " has loops to rewrite");
        assertTrue(loopFree > 0, name + " has functions without loops");
    }
}
