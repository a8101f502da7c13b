package dev.pinion.wat.spectest;

import dev.pinion.testkit.Testsuite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script records take wast2json's JSON as it is, with a plain ObjectMapper. */
class ScriptJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Script read(String name) throws IOException {
        return JSON.readValue(Testsuite.core().resolve(name).resolve(name + ".json").toFile(), Script.class);
    }

    private static Command at(Script script, int line) {
        return script.commands().stream().filter(c -> c.line() == line).findFirst().orElseThrow();
    }

    @Test
    void linking_namesRegisterAndModuleTargets() throws IOException {
        Script linking = read("linking");
        assertEquals("linking.wast", linking.source_filename());
        Command module = at(linking, 3);
        assertEquals("module", module.type());
        assertEquals("$Mf", module.name());
        assertEquals("linking.0.wasm", module.filename());
        Command register = at(linking, 7);
        assertEquals("Mf", register.as());
        assertEquals("$Mf", register.name());
        Command call = at(linking, 18);
        assertEquals(new Action("invoke", "$Nf", "Mf.call", List.of()), call.action());
        assertEquals(List.of(new Value("i32", "2", null)), call.expected());
        assertTrue(call.isAssertion());
        assertFalse(register.isAssertion());
    }

    @Test
    void simdLane_v128LanesAndTextModules() throws IOException {
        Script lane = read("simd_lane");
        Command extract = at(lane, 81);
        Value arg = extract.action().args().getFirst();
        assertTrue(arg.isV128());
        assertEquals("i8", arg.lane_type());
        assertEquals(16, arg.lanes().size());
        assertEquals("127", arg.lanes().getFirst());
        assertTrue(extract.usesV128());
        Command text = at(lane, 398);
        assertEquals("text", text.module_type());
        assertEquals("unexpected token", text.text());
    }

    @Test
    void trapExpectations_carryTypesOnly() throws IOException {
        Command trap = read("conversions").commands().stream()
                .filter(c -> c.type().equals("assert_trap")).findFirst().orElseThrow();
        assertEquals("integer overflow", trap.text());
        assertNull(trap.expected().getFirst().value());
    }
}
