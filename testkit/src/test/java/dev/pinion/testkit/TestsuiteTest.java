package dev.pinion.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A checkout without the spec suite skips the tests that need it, saying where it looked; CI fails them. */
class TestsuiteTest {
    @TempDir
    Path dir;

    @Test
    void missingSuite_notRequired_skipsNamingThePathAndTheProperty() {
        Path missing = dir.resolve("shared/testsuite");
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> Testsuite.root(missing, false));
        assertTrue(e.getMessage().contains("spec test suite not found at " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("-Dpinion.testsuite=PATH"), e.getMessage());
    }

    @Test
    void missingSuite_required_fails() {
        Path missing = dir.resolve("shared/testsuite");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Testsuite.root(missing, true));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void folderWithoutCore_countsAsMissing() {
        assertThrows(TestAbortedException.class, () -> Testsuite.root(dir, false));
    }

    @Test
    void presentSuite_isReturned() throws IOException {
        Files.createDirectories(dir.resolve("core"));
        assertEquals(dir, Testsuite.root(dir, true));
    }
}
