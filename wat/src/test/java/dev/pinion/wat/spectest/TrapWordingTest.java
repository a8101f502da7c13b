package dev.pinion.wat.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pinion.engine.Trap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loose trap-message policy: same wording or category passes, a different category fails. */
class TrapWordingTest {

    @ParameterizedTest
    @CsvSource({
            "UNREACHABLE, unreachable, true",
            "UNINITIALIZED_ELEMENT, uninitialized element 2, true",
            "UNDEFINED_ELEMENT, undefined element, true",
            "OUT_OF_BOUNDS_TABLE, undefined element, true",
            "UNDEFINED_ELEMENT, out of bounds table access, true",
            "UNINITIALIZED_ELEMENT, undefined element, false",
            "OUT_OF_BOUNDS_MEMORY, out of bounds table access, false",
            "INTEGER_OVERFLOW, integer divide by zero, false",
            "INVALID_CONVERSION, invalid conversion to integer, true",
    })
    void kindWording(Trap.Kind kind, String text, boolean matches) {
        assertEquals(matches, TrapWording.matches(new Trap(kind), text));
    }

    @ParameterizedTest
    @CsvSource({
            "'out of bounds memory access: 65536+4 > 65536', out of bounds memory access, true",
            "'host call failed: unreachable reached', unreachable, true",
            "'boom', unreachable, false",
    })
    void ownMessage(String message, String text, boolean matches) {
        assertEquals(matches, TrapWording.matches(new Trap(Trap.Kind.HOST, message), text));
    }
}
