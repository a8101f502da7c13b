package dev.pinion.wat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the spec test suite is: {@code ${pinion.shared}/testsuite} (the build sets the property to the shared
 * folder beside the repository). Tests that need it skip with one line saying where it was looked for.
 */
public final class SharedSuite {
    private SharedSuite() {}

    /** The suite's folder, or the test is skipped (aborted) with the reason. */
    public static Path testsuite() {
        String shared = System.getProperty("pinion.shared");
        Path dir = shared != null && !shared.isBlank() ? Path.of(shared, "testsuite") : null;
        if (dir == null) {
            for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                Path candidate = d.resolveSibling("shared").resolve("testsuite");
                if (Files.isDirectory(candidate)) {
                    dir = candidate;
                    break;
                }
            }
        }
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir.resolve("core")),
                "spec test suite not found (looked in " + (dir == null ? "../shared/testsuite" : dir)
                        + "): set -Dpinion.shared=DIR with DIR/testsuite/core holding the converted suite");
        return dir;
    }
}
