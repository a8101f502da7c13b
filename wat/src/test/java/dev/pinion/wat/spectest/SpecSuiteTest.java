package dev.pinion.wat.spectest;

import dev.pinion.testkit.Testsuite;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Spliterator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The WebAssembly core spec test suite (wast2json output under {@code ${pinion.testsuite}/core}): one
 * container per script, one test per assertion named {@code file.wast:line} whose source is that line of the
 * {@code .wast} file. Skips (text-format modules) are reported as aborted tests with their reason.
 */
class SpecSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicContainer> core() throws IOException {
        Path core = testsuite().resolve("core");
        SpecRunner runner = new SpecRunner();
        return SpecScripts.find(core).stream().map(json -> script(runner, json));
    }

    /**
     * The script's tests. Reading and running start only when JUnit gets to this container, and each assertion
     * runs when JUnit takes its test from the stream, so the reported times are the assertions' own.
     */
    private static DynamicContainer script(SpecRunner runner, Path json) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path wast = json.resolveSibling(stem + ".wast");
        Stream<DynamicNode> tests = StreamSupport.stream(() -> tests(runner, json).spliterator(),
                Spliterator.ORDERED, false);
        return dynamicContainer(wast.getFileName().toString(), wast.toUri(), tests);
    }

    private static Stream<DynamicNode> tests(SpecRunner runner, Path json) {
        Script script;
        try {
            script = JSON.readValue(json.toFile(), Script.class);
        } catch (IOException e) {
            return Stream.of(dynamicTest(json.getFileName().toString(), json.toUri(),
                    () -> Assertions.fail("cannot read " + json + ": " + e.getMessage())));
        }
        Path source = SpecScripts.wastFile(json, script);
        return runner.run(script, json.getParent()).map(o -> dynamicTest(o.location(),
                URI.create(source.toUri() + "?line=" + o.line()), () -> report(o)));
    }

    private static void report(Outcome o) {
        switch (o.status()) {
            case PASSED -> {}
            case FAILED -> Assertions.fail(o.command() + ": " + o.message());
            case SKIPPED -> Assumptions.abort(o.message());
        }
    }

    /** The suite's root; skips (or in CI fails) the caller when it is absent, see {@link Testsuite}. */
    static Path testsuite() {
        return Testsuite.root();
    }
}
