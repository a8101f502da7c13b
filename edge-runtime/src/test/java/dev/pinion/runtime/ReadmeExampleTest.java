package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's embedding example true: the Java block after {@code <!-- readme-example: embedding -->}
 * must appear verbatim in {@link #embeddingExample}, which runs here against the real engine.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src/test/java/dev/pinion/runtime/ReadmeExampleTest.java");

    @Test
    void readmeBlock_isTheCodeOfThisTest() throws Exception {
        List<String> block = readmeBlock("embedding");
        List<String> source = Files.readAllLines(THIS_SOURCE).stream().map(ReadmeExampleTest::unindent8).toList();
        assertTrue(!block.isEmpty(), "README has no embedding example block");
        assertTrue(java.util.Collections.indexOfSubList(source, block) >= 0,
                "README's embedding example differs from ReadmeExampleTest.embeddingExample; keep them identical");
    }

    @Test
    void example_runsAndPrintsWhatTheReadmeSays() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            embeddingExample(demoModule("sensor.wasm"));
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("21900 milli-degrees C", lines.get(0));
        assertEquals("wasm trap: fuel exhausted", lines.get(1));
        assertTrue(lines.get(2).contains("average_millicelsius"), lines.toString());
    }

    @SuppressWarnings("unused")
    private static void embeddingExample(Path sensorWasm) throws Exception {
        // sensorWasm: the demo's sensor.wasm (edge-runtime/src/main/resources/dev/pinion/cli/demo/)
        WasmModule module = WasmModule.compile(Files.readAllBytes(sensorWasm)); // decode and validate: once (functions are lowered at their first call)

        // A host function in its raw form: arguments are read from stack[base...], results written back there.
        HostModule board = HostModule.builder("demo")
                .function("read_adc", FuncType.of(new ValType[] {ValType.I32}, ValType.I32),
                        (caller, stack, base) -> stack[base] = 893) // channel -> raw 12-bit reading
                .build();
        Instance instance = module.instantiate(Imports.builder().add(board).build());

        // Values cross as raw bits in longs; every call can carry its own fuel budget and deadline.
        long[] result = instance.function("read_millicelsius").call(CallLimits.fuel(1_000_000), 0);
        System.out.println(result[0] + " milli-degrees C"); // 21900 milli-degrees C

        try { // a million samples with fuel for a few hundred instructions: stopped, not hung
            instance.function("average_millicelsius").call(CallLimits.fuel(1_000), 1024, 1_000_000);
        } catch (Trap trap) {
            System.out.println(trap.describe()); // wasm trap: fuel exhausted, then the Wasm backtrace
        }
    }

    private static List<String> readmeBlock(String name) throws Exception {
        List<String> lines = Files.readAllLines(README);
        int marker = lines.indexOf("<!-- readme-example: " + name + " -->");
        if (marker < 0 || !lines.get(marker + 1).equals("```java")) return List.of();
        int end = marker + 2;
        while (end < lines.size() && !lines.get(end).equals("```")) end++;
        return lines.subList(marker + 2, end);
    }

    /** Source lines of the example body are indented by 8; README lines by 0. */
    private static String unindent8(String line) {
        return line.startsWith("        ") ? line.substring(8) : line;
    }

    private static Path demoModule(String name) throws URISyntaxException {
        return Path.of(ReadmeExampleTest.class.getResource("/dev/pinion/cli/demo/" + name).toURI());
    }
}
