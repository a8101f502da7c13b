package dev.pinion.wat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testkit.Testsuite;
import dev.pinion.wat.spectest.Command;
import dev.pinion.wat.spectest.Script;
import dev.pinion.wat.spectest.ScriptModule;
import dev.pinion.wat.spectest.SpecScripts;
import dev.pinion.wat.spectest.WastReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser against an independent encoder: every text module of the core suite that wast2json turned into a
 * {@code .wasm} file must come out of {@link Wat} byte for byte the same (one test per script). Where two binary
 * forms say the same thing (block types, element segment forms, an empty else) the parser picks the one wabt
 * picks, which is what makes byte equality a fair check.
 */
class EncodingOracleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> coreTextModules_encodeLikeWast2json() throws IOException {
        Path core = Testsuite.core();
        return SpecScripts.find(core, false).stream().filter(p -> p.toString().endsWith(".json"))
                .map(json -> dynamicTest(json.getFileName().toString(), () -> check(json)));
    }

    private static void check(Path json) throws Exception {
        Script fromJson = JSON.readValue(json.toFile(), Script.class);
        Script fromWast = WastReader.read(SpecScripts.wastFile(json, fromJson));
        Map<Integer, Command> byLine = new HashMap<>();
        for (Command c : fromWast.commands()) byLine.put(c.line(), c);
        List<String> mismatches = new ArrayList<>();
        for (Command c : fromJson.commands()) {
            if (c.filename() == null || c.module_type() != null && !c.module_type().equals("binary")) continue;
            Command w = byLine.get(c.line());
            if (!(w != null && w.module() instanceof ScriptModule.Given g && g.form().equals("text"))) continue;
            byte[] expected = Files.readAllBytes(json.resolveSibling(c.filename()));
            byte[] actual = g.loader().load().binary();
            if (!java.util.Arrays.equals(expected, actual)) {
                mismatches.add("line " + c.line() + ": expected " + HexFormat.of().formatHex(expected)
                        + " but encoded " + HexFormat.of().formatHex(actual));
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
