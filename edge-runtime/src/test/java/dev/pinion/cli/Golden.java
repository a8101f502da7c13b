package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for CLI output, under src/test/resources/dev/pinion/cli/golden. {@code ${version}} in a golden
 * file stands for the project version. To accept new output after a deliberate change, run the tests with
 * {@code -Dpinion.updateGolden=true} and review the diff before committing.
 */
final class Golden {
    private Golden() {}

    static void assertMatches(String name, String actual) {
        String version = System.getProperty("pinion.version", VersionProvider.version());
        if (Boolean.getBoolean("pinion.updateGolden")) {
            write(name, actual.replace(version, "${version}"));
            return;
        }
        String expected = read(name).replace("${version}", version);
        assertEquals(expected, actual, "output differs from golden file " + name);
    }

    private static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("golden/" + name)) {
            if (in == null) throw new AssertionError("no golden file " + name + " (run with -Dpinion.updateGolden=true)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String name, String content) {
        Path file = Path.of("src/test/resources/dev/pinion/cli/golden", name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
