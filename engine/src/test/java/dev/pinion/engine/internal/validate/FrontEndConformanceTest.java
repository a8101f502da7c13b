package dev.pinion.engine.internal.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.internal.binary.Decoder;
import dev.pinion.engine.internal.binary.SpecSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The front end against the core spec suite (SIMD scripts included): every {@code module} decodes and validates,
 * every binary {@code assert_malformed} is a {@link MalformedModuleException} and every {@code assert_invalid}
 * an {@link InvalidModuleException}, with the suite's wording. Execution is the spec harness's business.
 *
 * <p>Messages are compared loosely: one must be a prefix of the other, because the reference interpreter
 * sometimes adds an index ("unknown global 0") and the suite sometimes gives only the start of a message
 * ("unexpected end" for "unexpected end of section or function"). {@link #KNOWN_WORDING} lists where our
 * message deliberately differs, with the reason.
 */
class FrontEndConformanceTest {

    /** Commands whose expected text we do not reproduce, with why. Category is still checked. */
    static final Map<String, String> KNOWN_WORDING = Map.of(
            "binary.wast:455", "a body without its final end, followed by a data section: the reference decoder"
                    + " reads on into the next section (it takes the section id 0x0B for end) and reports the code"
                    + " section's size; we never read past a body and say \"END opcode expected\"",
            "select.wast:324", "(select (result)) has no binary form with an empty type vector; wast2json wrote"
                    + " the untyped select 0x1B, whose operands (nop, nop) then give \"type mismatch\"");

    @TestFactory
    Stream<DynamicTest> coreSuite() {
        return Stream.concat(SpecSuite.coreCommands().stream(), SpecSuite.simdCommands().stream())
                .filter(c -> c.isBinary() && switch (c.type()) {
                    case "module", "assert_malformed", "assert_invalid" -> true;
                    default -> false;
                })
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(SpecSuite.Command c) {
        byte[] bytes = c.bytes();
        switch (c.type()) {
            case "module" -> {
                try {
                    Validator.validate(Decoder.decode(bytes));
                } catch (RuntimeException e) {
                    throw new AssertionError(c.name() + ": valid module rejected: " + e.getMessage(), e);
                }
            }
            case "assert_malformed" -> {
                try {
                    Validator.validate(Decoder.decode(bytes));
                    fail(c.name() + ": decoded although malformed: " + c.text());
                } catch (MalformedModuleException e) {
                    checkWording(c, e.reason());
                }
            }
            case "assert_invalid" -> {
                try {
                    Validator.validate(Decoder.decode(bytes));
                    fail(c.name() + ": validated although invalid: " + c.text());
                } catch (InvalidModuleException e) {
                    checkWording(c, e.reason());
                }
            }
            default -> throw new AssertionError(c.type());
        }
    }

    private static void checkWording(SpecSuite.Command c, String reason) {
        if (KNOWN_WORDING.containsKey(c.name())) return;
        String expected = c.text();
        assertTrue(reason.startsWith(expected) || expected.startsWith(reason),
                () -> c.name() + ": expected \"" + expected + "\" but was \"" + reason + "\"");
    }

    /** Guards against the suite silently shrinking (e.g. a wrong path making every factory empty). */
    @Test
    void suiteIsComplete() {
        List<String> kinds = new ArrayList<>();
        for (SpecSuite.Command c : SpecSuite.coreCommands()) {
            if (c.isBinary()) kinds.add(c.type());
        }
        long modules = kinds.stream().filter("module"::equals).count();
        long malformed = kinds.stream().filter("assert_malformed"::equals).count();
        long invalid = kinds.stream().filter("assert_invalid"::equals).count();
        assertEquals(1125, modules, "module commands");
        assertEquals(736, malformed, "binary assert_malformed");
        assertEquals(1475, invalid, "binary assert_invalid");
    }

    @Test
    void simdSuiteIsComplete() {
        List<String> kinds = new ArrayList<>();
        for (SpecSuite.Command c : SpecSuite.simdCommands()) {
            if (c.isBinary()) kinds.add(c.type());
        }
        assertEquals(470, kinds.stream().filter("module"::equals).count(), "SIMD module commands");
        assertEquals(669, kinds.stream().filter("assert_invalid"::equals).count(), "SIMD binary assert_invalid");
    }
}
