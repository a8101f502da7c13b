package dev.pinion.wat.spectest;

import dev.pinion.testkit.Testsuite;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.wat.WatException;
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
 * The WebAssembly core spec test suite under {@code ${pinion.shared}/testsuite/core}, run twice: from the
 * {@code .wast} scripts through this module's parser, and from wast2json's JSON and binaries. One container per
 * script, one test per assertion named {@code file.wast:line} whose source is that line of the {@code .wast}
 * file. Skips (features the engine lacks, with the feature named) are reported as aborted tests with their
 * reason. The two runs must agree; {@code pinion spectest} prints the totals of each.
 */
class SpecSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicContainer> coreFromWast() throws IOException {
        Path core = Testsuite.core();
        SpecRunner runner = new SpecRunner();
        return SpecScripts.find(core, true).stream().map(wast -> script(runner, wast));
    }

    @TestFactory
    Stream<DynamicContainer> coreFromJson() throws IOException {
        Path core = Testsuite.core();
        SpecRunner runner = new SpecRunner();
        return SpecScripts.find(core, false).stream().map(json -> script(runner, json));
    }

    /**
     * The script's tests. Reading and running start only when JUnit gets to this container, and each assertion
     * runs when JUnit takes its test from the stream, so the reported times are the assertions' own.
     */
    private static DynamicContainer script(SpecRunner runner, Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.(json|wast)$", "");
        Path wast = file.resolveSibling(stem + ".wast");
        Stream<DynamicNode> tests = StreamSupport.stream(() -> tests(runner, file).spliterator(),
                Spliterator.ORDERED, false);
        return dynamicContainer(file.getFileName().toString(), wast.toUri(), tests);
    }

    private static Stream<DynamicNode> tests(SpecRunner runner, Path file) {
        Script script;
        try {
            script = SpecScripts.isWast(file) ? WastReader.read(file) : JSON.readValue(file.toFile(), Script.class);
        } catch (IOException | WatException e) {
            return Stream.of(dynamicTest(file.getFileName().toString(), file.toUri(),
                    () -> Assertions.fail("cannot read " + file + ": " + e.getMessage())));
        }
        Path source = SpecScripts.isWast(file) ? file : SpecScripts.wastFile(file, script);
        return runner.run(script, file.getParent()).map(o -> dynamicTest(o.location(),
                URI.create(source.toUri() + "?line=" + o.line()), () -> report(o)));
    }

    private static void report(Outcome o) {
        switch (o.status()) {
            case PASSED -> {}
            case FAILED -> Assertions.fail(o.command() + ": " + o.message());
            case SKIPPED -> Assumptions.abort(o.message());
        }
    }
}
