package dev.pinion.engine.spectest;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The WebAssembly core spec test suite (wast2json output under {@code ${pinion.shared}/testsuite/core}): one
 * container per script, one test per assertion named {@code file.wast:line} whose source is that line of the
 * {@code .wast} file. Skips (text-format modules, SIMD) are reported as aborted tests with their reason.
 */
class SpecSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicContainer> core() throws IOException {
        Path core = testsuite().resolve("core");
        SpecRunner runner = new SpecRunner();
        return SpecScripts.find(core).stream().map(json -> script(runner, json));
    }

    /** The script's tests; reading and running happen only when JUnit gets to this container. */
    private static DynamicContainer script(SpecRunner runner, Path json) {
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path wast = json.resolveSibling(stem + ".wast");
        Stream<DynamicNode> tests = Stream.of(json).flatMap(file -> {
            Script script;
            try {
                script = JSON.readValue(file.toFile(), Script.class);
            } catch (IOException e) {
                return Stream.of(dynamicTest(stem + ".json", file.toUri(),
                        () -> Assertions.fail("cannot read " + file + ": " + e.getMessage())));
            }
            Path source = SpecScripts.wastFile(file, script);
            return runner.run(script, file.getParent()).map(o -> dynamicTest(o.location(),
                    URI.create(source.toUri() + "?line=" + o.line()), () -> report(o)));
        });
        return dynamicContainer(wast.getFileName().toString(), wast.toUri(), tests);
    }

    private static void report(Outcome o) {
        switch (o.status()) {
            case PASSED -> {}
            case FAILED -> Assertions.fail(o.command() + ": " + o.message());
            case SKIPPED -> Assumptions.abort(o.message());
        }
    }

    /** {@code ${pinion.shared}/testsuite}; without the property (an IDE run), the shared folder beside the repo. */
    static Path testsuite() {
        String shared = System.getProperty("pinion.shared");
        if (shared != null && !shared.isBlank()) return Path.of(shared, "testsuite");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("testsuite");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("spec test suite not found: set -Dpinion.shared=/path/to/shared");
    }
}
