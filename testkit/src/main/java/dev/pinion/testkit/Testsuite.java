package dev.pinion.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the WebAssembly spec test suite (wast2json output, layout {@code core/NAME/NAME.json}) is, for the tests
 * that need it. The build passes {@code -Dpinion.testsuite}, by default {@code ../shared/testsuite} beside the
 * checkout; a fresh clone elsewhere has no such folder. Then the tests that need the suite are skipped with one
 * line saying where it was looked for and how to provide it, and everything else still runs. In CI (environment
 * {@code CI=true}, or {@code -Dpinion.testsuite.required=true}) a missing suite fails those tests instead: there
 * a silently shrunken test run would look green.
 */
public final class Testsuite {
    private Testsuite() {}

    private static boolean announced;

    /** The suite's root (holding {@code core/}), or the test is skipped (failed in CI) when it is absent. */
    public static Path root() {
        Path root = configured();
        boolean required = required();
        if (!required && !Files.isDirectory(root.resolve("core"))) announce(missing(root));
        return root(root, required);
    }

    /** {@link #root()} for a given location and CI setting (for tests of this rule). */
    public static Path root(Path root, boolean required) {
        if (Files.isDirectory(root.resolve("core"))) return root;
        if (required) Assertions.fail(missing(root) + " [required here: CI=true or -Dpinion.testsuite.required]");
        Assumptions.abort(missing(root));
        throw new AssertionError("unreachable");
    }

    private static String missing(Path root) {
        return "spec test suite not found at " + root.toAbsolutePath().normalize()
                + "; tests that need it are skipped. Provide it with -Dpinion.testsuite=PATH"
                + " (README.md, \"Quick start\")";
    }

    /** {@code root()/core}. */
    public static Path core() {
        return root().resolve("core");
    }

    /** The configured location, whether or not it exists (an IDE run without the property: ../shared/testsuite). */
    static Path configured() {
        String path = System.getProperty("pinion.testsuite");
        if (path != null && !path.isBlank()) return Path.of(path);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("testsuite");
            if (Files.isDirectory(candidate)) return candidate;
        }
        return Path.of("..", "shared", "testsuite");
    }

    static boolean required() {
        return Boolean.getBoolean("pinion.testsuite.required") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Once per test JVM, so the build log has the reason without one line per skipped test. */
    private static synchronized void announce(String message) {
        if (announced) return;
        announced = true;
        System.err.println("[WARNING] " + message);
    }
}
