package dev.pinion.wat.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.engine.Imports;
import dev.pinion.wat.spectest.Outcome.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's semantics of each command, against {@link FakeEngine} so they hold whatever the engine does. */
class SpecRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();

    @BeforeEach
    void moduleFiles() throws IOException {
        for (String behaviour : List.of("ok", "malformed", "invalid", "decoder-bug", "unknown-import",
                "incompatible-import", "start-trap")) {
            Files.writeString(dir.resolve(behaviour + ".wasm"), behaviour);
        }
    }

    private List<Outcome> run(String file, String commands) throws IOException {
        return run(file, commands, SpecRunner.Options.DEFAULT);
    }

    private List<Outcome> run(String file, String commands, SpecRunner.Options options) throws IOException {
        Script script = JSON.readValue("{\"source_filename\": \"" + file + "\", \"commands\": [" + commands + "]}",
                Script.class);
        return new SpecRunner(options.withCompiler(engine::compile)).runAll(script, dir);
    }

    private static String module(int line, String behaviour) {
        return "{\"type\": \"module\", \"line\": " + line + ", \"filename\": \"" + behaviour + ".wasm\"},";
    }

    private static String invoke(String type, int line, String field, String args, String expected) {
        return "{\"type\": \"" + type + "\", \"line\": " + line + ", \"action\": {\"type\": \"invoke\", \"field\": \""
                + field + "\", \"args\": [" + args + "]}, \"expected\": [" + expected + "]}";
    }

    private static String i32(long bits) {
        return "{\"type\": \"i32\", \"value\": \"" + bits + "\"}";
    }

    private static String val(String type, String value) {
        return "{\"type\": \"" + type + "\", \"value\": \"" + value + "\"}";
    }

    private static Outcome only(List<Outcome> outcomes) {
        assertEquals(1, outcomes.size(), () -> "outcomes: " + outcomes);
        return outcomes.getFirst();
    }

    private static void assertOutcome(Status status, String messagePart, Outcome o) {
        assertEquals(status, o.status(), o::toString);
        if (messagePart != null) {
            assertNotNull(o.message(), o::toString);
            assertTrue(o.message().contains(messagePart), () -> "message of " + o + " lacks: " + messagePart);
        }
    }

    @Test
    void assertReturn_comparesValuesAndPrintsBothInWasmSyntax() throws IOException {
        List<Outcome> outcomes = run("t.wast", module(1, "ok")
                + invoke("assert_return", 2, "add", i32(1) + "," + i32(4294967295L), i32(0)) + ","
                + invoke("assert_return", 3, "add", i32(1) + "," + i32(2), i32(4)));
        assertEquals(2, outcomes.size());
        assertOutcome(Status.PASSED, null, outcomes.get(0));
        assertEquals("t.wast:2", outcomes.get(0).location());
        assertOutcome(Status.FAILED, "(invoke \"add\" (i32.const 1) (i32.const 2)): expected (i32.const 4) but got (i32.const 3)",
                outcomes.get(1));
    }

    @Test
    void assertReturn_nanPatterns() throws IOException {
        String script = module(1, "ok")
                + invoke("assert_return", 2, "f32.bits", i32(0x7fc00000), val("f32", "nan:canonical")) + ","
                + invoke("assert_return", 3, "f32.bits", i32(0xffc00000L), val("f32", "nan:canonical")) + ","
                + invoke("assert_return", 4, "f32.bits", i32(0x7fc00001), val("f32", "nan:canonical")) + ","
                + invoke("assert_return", 5, "f32.bits", i32(0x7fc00001), val("f32", "nan:arithmetic")) + ","
                + invoke("assert_return", 6, "f32.bits", i32(0x7fa00000), val("f32", "nan:arithmetic")) + ","
                + invoke("assert_return", 7, "f32.bits", i32(0xffc00000L), val("f32", "" + 0x7fc00000)) + ","
                + invoke("assert_return", 8, "f64.bits", val("i64", Long.toUnsignedString(0xfff8000000000000L)),
                        val("f64", "nan:canonical")) + ","
                + invoke("assert_return", 9, "f64.bits", val("i64", Long.toUnsignedString(0x7ff4000000000000L)),
                        val("f64", "nan:arithmetic")) + ","
                + invoke("assert_return", 10, "f64.bits", val("i64", Long.toUnsignedString(0x7ffc000000000001L)),
                        val("f64", "nan:arithmetic"));
        List<Outcome> o = run("t.wast", script);
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.PASSED, null, o.get(1));
        assertOutcome(Status.FAILED, "expected (f32.const nan:canonical) but got (f32.const nan:0x400001)", o.get(2));
        assertOutcome(Status.PASSED, null, o.get(3));
        assertOutcome(Status.FAILED, "but got (f32.const nan:0x200000)", o.get(4));
        assertOutcome(Status.FAILED, "expected (f32.const nan:0x400000) but got (f32.const -nan:0x400000)", o.get(5));
        assertOutcome(Status.PASSED, null, o.get(6));
        assertOutcome(Status.FAILED, "but got (f64.const nan:0x4000000000000)", o.get(7));
        assertOutcome(Status.PASSED, null, o.get(8));
    }

    @Test
    void assertTrap_acceptsTheSameCategoryAndRejectsOthers() throws IOException {
        List<Outcome> o = run("t.wast", module(1, "ok")
                + "{\"type\": \"assert_trap\", \"line\": 2, \"action\": {\"type\": \"invoke\", \"field\": \"unreachable\", \"args\": []}, \"text\": \"unreachable\", \"expected\": []},"
                + "{\"type\": \"assert_trap\", \"line\": 3, \"action\": {\"type\": \"invoke\", \"field\": \"table-oob\", \"args\": []}, \"text\": \"undefined element\", \"expected\": []},"
                + "{\"type\": \"assert_trap\", \"line\": 4, \"action\": {\"type\": \"invoke\", \"field\": \"memory-oob\", \"args\": []}, \"text\": \"integer overflow\", \"expected\": []},"
                + "{\"type\": \"assert_trap\", \"line\": 5, \"action\": {\"type\": \"invoke\", \"field\": \"add\", \"args\": [" + i32(1) + "," + i32(1) + "]}, \"text\": \"unreachable\", \"expected\": [{\"type\": \"i32\"}]}");
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.PASSED, null, o.get(1));
        assertOutcome(Status.FAILED, "expected trap \"integer overflow\" but trapped: out of bounds memory access", o.get(2));
        assertOutcome(Status.FAILED, "expected trap \"unreachable\" but got (i32.const 2)", o.get(3));
    }

    @Test
    void engineBugs_failTheCommandAndTheRunGoesOn() throws IOException {
        List<Outcome> o = run("t.wast", module(1, "ok")
                + invoke("assert_return", 2, "engine-bug", "", "") + ","
                + "{\"type\": \"assert_exhaustion\", \"line\": 3, \"action\": {\"type\": \"invoke\", \"field\": \"overflow\", \"args\": []}, \"text\": \"call stack exhausted\", \"expected\": []},"
                + invoke("assert_return", 4, "wrong-count", "", i32(1)) + ","
                + "{\"type\": \"assert_exhaustion\", \"line\": 5, \"action\": {\"type\": \"invoke\", \"field\": \"exhaust\", \"args\": []}, \"text\": \"call stack exhausted\", \"expected\": []},"
                + invoke("assert_return", 6, "add", i32(2) + "," + i32(3), i32(5)));
        assertOutcome(Status.FAILED, "java.lang.NullPointerException: frame is null", o.get(0));
        assertOutcome(Status.FAILED, "StackOverflowError escaped the engine", o.get(1));
        assertOutcome(Status.FAILED, "the engine returned 0 value(s) from a function of type () -> (i32)", o.get(2));
        assertOutcome(Status.PASSED, null, o.get(3));
        assertOutcome(Status.PASSED, null, o.get(4));
    }

    @Test
    void aHangingCall_failsAfterTheTimeoutAndTheRunGoesOn() throws IOException {
        List<Outcome> o = run("t.wast", module(1, "ok")
                        + invoke("assert_return", 2, "hang", "", "") + ","
                        + invoke("assert_return", 3, "count", "", i32(1)),
                SpecRunner.Options.DEFAULT.withCommandTimeout(Duration.ofMillis(300)));
        assertOutcome(Status.FAILED, "did not finish within 300 ms", o.get(0));
        assertOutcome(Status.PASSED, null, o.get(1));
    }

    @Test
    void aModuleThatFailsToLoad_failsItselfAndEveryAssertionThatNeedsIt() throws IOException {
        List<Outcome> o = run("t.wast", module(1, "malformed")
                + invoke("assert_return", 2, "add", i32(1) + "," + i32(2), i32(3)) + ","
                + invoke("action", 3, "count", "", "") + ","
                + module(4, "decoder-bug")
                + invoke("assert_return", 5, "count", "", i32(1)));
        assertEquals(4, o.size(), o::toString);
        assertOutcome(Status.FAILED, "module malformed.wasm failed to load: threw MalformedModuleException: unexpected end",
                o.get(0));
        assertOutcome(Status.FAILED, "needs the module of line 1, which failed to load", o.get(1));
        assertOutcome(Status.FAILED, "java.lang.ArrayIndexOutOfBoundsException", o.get(2));
        assertOutcome(Status.FAILED, "needs the module of line 4", o.get(3));
    }

    @Test
    void assertInvalidAndMalformed_needTheirOwnStage() throws IOException {
        List<Outcome> o = run("t.wast", """
                {"type": "assert_invalid", "line": 1, "filename": "invalid.wasm", "text": "type mismatch", "module_type": "binary"},
                {"type": "assert_invalid", "line": 2, "filename": "malformed.wasm", "text": "type mismatch", "module_type": "binary"},
                {"type": "assert_invalid", "line": 3, "filename": "ok.wasm", "text": "type mismatch", "module_type": "binary"},
                {"type": "assert_malformed", "line": 4, "filename": "malformed.wasm", "text": "unexpected end", "module_type": "binary"},
                {"type": "assert_malformed", "line": 5, "filename": "invalid.wasm", "text": "unexpected end", "module_type": "binary"},
                {"type": "assert_malformed", "line": 6, "filename": "missing.wasm", "text": "unexpected end", "module_type": "binary"}
                """);
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.FAILED, "rejected as malformed: unexpected end", o.get(1));
        assertOutcome(Status.FAILED, "expected a invalid module (\"type mismatch\") but it compiled", o.get(2));
        assertOutcome(Status.PASSED, null, o.get(3));
        assertOutcome(Status.FAILED, "rejected as invalid", o.get(4));
        assertOutcome(Status.FAILED, "missing.wasm", o.get(5));
    }

    @Test
    void assertUnlinkableAndUninstantiable() throws IOException {
        List<Outcome> o = run("t.wast", """
                {"type": "assert_unlinkable", "line": 1, "filename": "unknown-import.wasm", "text": "unknown import", "module_type": "binary"},
                {"type": "assert_unlinkable", "line": 2, "filename": "unknown-import.wasm", "text": "incompatible import type", "module_type": "binary"},
                {"type": "assert_unlinkable", "line": 3, "filename": "ok.wasm", "text": "unknown import", "module_type": "binary"},
                {"type": "assert_unlinkable", "line": 4, "filename": "invalid.wasm", "text": "unknown import", "module_type": "binary"},
                {"type": "assert_uninstantiable", "line": 5, "filename": "start-trap.wasm", "text": "unreachable", "module_type": "binary"},
                {"type": "assert_uninstantiable", "line": 6, "filename": "incompatible-import.wasm", "text": "unreachable", "module_type": "binary"}
                """);
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.FAILED, "but got the link error \"unknown import: spectest.nothing\"", o.get(1));
        assertOutcome(Status.FAILED, "but it instantiated", o.get(2));
        assertOutcome(Status.FAILED, "did not compile", o.get(3));
        assertOutcome(Status.PASSED, null, o.get(4));
        assertOutcome(Status.FAILED, "threw LinkException", o.get(5));
    }

    @Test
    void textModuleFiles_areParsed() throws IOException {
        Files.writeString(dir.resolve("t.1.wat"), "(module (func i32.frob))");
        List<Outcome> o = run("t.wast", module(1, "ok") + """
                {"type": "assert_malformed", "line": 2, "filename": "t.1.wat", "text": "unknown operator", "module_type": "text"}
                """);
        assertOutcome(Status.PASSED, null, only(o));

        int compiledBefore = engine.compilations;
        List<Outcome> simd = run("simd_lane.wast", module(1, "ok")
                + invoke("assert_return", 2, "add", i32(1) + "," + i32(2), i32(3)));
        assertOutcome(Status.PASSED, null, only(simd));
        assertEquals(compiledBefore + 1, engine.compilations, "a SIMD script runs like any other");
    }

    @Test
    void references_externrefByNumberAndAnyNonNullFuncref() throws IOException {
        List<Outcome> o = run("t.wast", module(1, "ok")
                + invoke("assert_return", 2, "id", val("externref", "7"), val("externref", "7")) + ","
                + invoke("assert_return", 3, "id", val("externref", "null"), val("externref", "null")) + ","
                + invoke("assert_return", 4, "fresh", "", val("externref", "7")) + ","
                + invoke("assert_return", 5, "id", val("externref", "7"), val("externref", "8")) + ","
                + invoke("assert_return", 6, "self", "", val("funcref", "0")) + ","
                + invoke("assert_return", 7, "self", "", val("funcref", "null")) + ","
                + invoke("assert_return", 8, "null-func", "", val("funcref", "null")));
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.PASSED, null, o.get(1));
        assertOutcome(Status.FAILED, "expected (ref.extern 7) but got (ref.extern java.lang.Object@", o.get(2));
        assertOutcome(Status.FAILED, "expected (ref.extern 8) but got (ref.extern 7)", o.get(3));
        assertOutcome(Status.PASSED, null, o.get(4));
        assertOutcome(Status.FAILED, "expected (ref.null func) but got (ref.func fake function", o.get(5));
        assertOutcome(Status.PASSED, null, o.get(6));
    }

    @Test
    void namedModules_register_andGlobals() throws IOException {
        List<Outcome> o = run("t.wast", """
                {"type": "module", "line": 1, "name": "$A", "filename": "ok.wasm"},
                {"type": "module", "line": 2, "name": "$B", "filename": "ok.wasm"},
                {"type": "action", "line": 3, "action": {"type": "invoke", "module": "$A", "field": "count", "args": []}, "expected": [{"type": "i32"}]},
                {"type": "assert_return", "line": 4, "action": {"type": "invoke", "module": "$A", "field": "count", "args": []}, "expected": [{"type": "i32", "value": "2"}]},
                {"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "count", "args": []}, "expected": [{"type": "i32", "value": "1"}]},
                {"type": "register", "line": 6, "name": "$A", "as": "reg"},
                {"type": "module", "line": 7, "filename": "ok.wasm"},
                {"type": "assert_return", "line": 8, "action": {"type": "get", "field": "g"}, "expected": [{"type": "i32", "value": "42"}]},
                {"type": "assert_return", "line": 9, "action": {"type": "get", "module": "$C", "field": "g"}, "expected": [{"type": "i32", "value": "42"}]},
                {"type": "assert_return", "line": 10, "action": {"type": "invoke", "field": "nothing", "args": []}, "expected": []},
                {"type": "register", "line": 11, "name": "$C", "as": "x"}
                """);
        assertEquals(6, o.size(), o::toString);
        assertOutcome(Status.PASSED, null, o.get(0));
        assertOutcome(Status.PASSED, null, o.get(1));
        assertOutcome(Status.PASSED, null, o.get(2));
        assertOutcome(Status.FAILED, "unknown module $C", o.get(3));
        assertOutcome(Status.FAILED, "the module has no export named \"nothing\"", o.get(4));
        assertOutcome(Status.FAILED, "unknown module $C", o.get(5));
        Imports third = engine.instantiations.get(2);
        assertNotNull(third.resolve("reg", "count"), "the module of line 7 must see $A registered as \"reg\"");
        assertEquals(null, engine.instantiations.get(1).resolve("reg", "count"));
    }
}
