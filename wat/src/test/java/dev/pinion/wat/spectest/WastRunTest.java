package dev.pinion.wat.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.wat.WatException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** .wast scripts through the real parser and engine: the commands, the 3.0 script forms, and feature skips. */
class WastRunTest {

    private static List<String> run(String wast) throws WatException {
        Script script = WastReader.parse(wast, "t.wast");
        return new SpecRunner().runAll(script, Path.of(".")).stream()
                .map(o -> o.line() + " " + o.status() + (o.message() == null ? "" : " " + o.message()))
                .toList();
    }

    @Test
    void assertions_passOnTheRealEngine() throws WatException {
        assertEquals(List.of("3 PASSED", "4 PASSED", "5 PASSED", "6 PASSED", "7 PASSED", "8 PASSED", "9 PASSED",
                        "10 PASSED", "11 PASSED"),
                run("""
                        (module $M (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
                          (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
                        (assert_return (invoke "add" (i32.const 1) (i32.const -1)) (i32.const 0))
                        (assert_return (invoke $M "add" (i32.const 0x7fffffff) (i32.const 1)) (i32.const 0x80000000))
                        (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
                        (assert_malformed (module quote "(func i32.frob)") "unknown operator")
                        (assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")
                        (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
                        (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
                        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
                        (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (either (i32.const 4) (i32.const 5)))
                        """));
    }

    @Test
    void registerAndModuleDefinitionsAndInstances() throws WatException {
        assertEquals(List.of("4 PASSED", "8 PASSED", "9 PASSED"), run("""
                (module $A (global (export "g") (mut i32) (i32.const 7))
                  (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
                (register "a" $A)
                (assert_return (get $A "g") (i32.const 7))
                (module definition $D (global (export "g") (mut i32) (i32.const 0)) (func (export "inc") (global.set 0 (i32.const 1))))
                (module instance $I1 $D)
                (module instance $I2 $D)
                (assert_return (get $I1 "g") (i32.const 0))
                (assert_return (get $I2 "g") (i32.const 0))
                """));
    }

    @Test
    void featuresTheEngineLacks_skipNamingTheFeature_withTheirUsers() throws WatException {
        List<String> outcomes = run("""
                (module (func $f (export "f") (result i32) (return_call $g)) (func $g (result i32) (i32.const 1)))
                (assert_return (invoke "f") (i32.const 1))
                (module (type $s (struct)))
                (assert_invalid (module (func (result i32) (return_call 0))) "type mismatch")
                """);
        // Tail calls: the engine is probed; if it gained them, the assertion runs and passes.
        if (outcomes.get(0).contains("PASSED")) {
            assertEquals(List.of("2 PASSED"), outcomes.subList(0, 1));
        } else {
            assertEquals("1 SKIPPED not supported by the engine: tail calls (Wasm 3.0)", outcomes.get(0));
            assertEquals("2 SKIPPED not supported by the engine: tail calls (Wasm 3.0)", outcomes.get(1));
        }
        assertEquals("3 SKIPPED not supported by the text parser yet: garbage collection: struct, array, i31, "
                + "type recursion (Wasm 3.0)", outcomes.get(outcomes.size() - 2));
    }

    @Test
    void scriptOfBareModuleFields_isOneModule() throws WatException {
        assertEquals(List.of(), run("(func) (memory 0) (func (export \"f\"))"));
    }

    @Test
    void malformedScript_errorHasLineAndColumn() {
        WatException e = assertThrows(WatException.class, () -> WastReader.parse(
                "(module)\n(assert_return (invoke \"f\" (i32.const 1x)))", "t.wast"));
        assertEquals(2, e.line());
        assertEquals(28, e.column());
    }
}
