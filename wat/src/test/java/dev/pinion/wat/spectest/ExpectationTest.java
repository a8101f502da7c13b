package dev.pinion.wat.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.ValType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reading, matching and printing of script values. */
class ExpectationTest {

    @ParameterizedTest
    @CsvSource({
            "2143289344, nan:0x400000",      // canonical NaN
            "4290772992, -nan:0x400000",
            "2139095041, nan:0x1",           // signalling NaN, smallest payload
            "2139095040, inf",
            "4286578688, -inf",
            "1065353216, 1.0",
            "2147483648, -0.0",
            "1, 1.4E-45",
            "1143383654, 666.6",
    })
    void f32_printsInWasmSyntax(long bits, String text) {
        assertEquals("(f32.const " + text + ")", WasmValue.ofBits(ValType.F32, bits).toString());
    }

    @ParameterizedTest
    @CsvSource({
            "9221120237041090560, nan:0x8000000000000",
            "18444492273895866368, -nan:0x8000000000000",
            "9218868437227405312, inf",
            "4649074691427585229, 666.6",
            "9223372036854775808, -0.0",
    })
    void f64_printsInWasmSyntax(String bits, String text) {
        assertEquals("(f64.const " + text + ")",
                WasmValue.ofBits(ValType.F64, Long.parseUnsignedLong(bits)).toString());
    }

    @Test
    void integers_printSigned() {
        ExternRefs refs = new ExternRefs();
        assertEquals("(i32.const -1)", Expectation.argument(new Value("i32", "4294967295", null), refs).toString());
        assertEquals("(i64.const -9223372036854775808)",
                Expectation.argument(new Value("i64", "9223372036854775808", null), refs).toString());
        assertEquals("(f32.const nan:arithmetic)", Expectation.describe(new Value("f32", "nan:arithmetic", null)));
        assertEquals("(ref.extern 3)", Expectation.describe(new Value("externref", "3", null)));
        assertEquals("(ref.null func)", Expectation.describe(new Value("funcref", "null", null)));
    }

    @Test
    void i32_comparesTheLow32BitsOnly() {
        // An engine may hand back an i32 sign- or zero-extended; both are the same i32.
        Value minusOne = new Value("i32", "4294967295", null);
        ExternRefs refs = new ExternRefs();
        assertTrue(Expectation.matches(minusOne, WasmValue.ofBits(ValType.I32, -1L), refs));
        assertTrue(Expectation.matches(minusOne, WasmValue.ofBits(ValType.I32, 0xffff_ffffL), refs));
        assertFalse(Expectation.matches(minusOne, WasmValue.ofBits(ValType.I64, -1L), refs), "type must match too");
    }

    @Test
    void externref_sameNumberIsTheSameObject() {
        ExternRefs refs = new ExternRefs();
        Object one = Expectation.argument(new Value("externref", "1", null), refs).ref();
        assertTrue(one == Expectation.argument(new Value("externref", "1", null), refs).ref());
        assertFalse(one == Expectation.argument(new Value("externref", "2", null), refs).ref());
    }

    @Test
    void badValues_nameTheProblem() {
        ExternRefs refs = new ExternRefs();
        assertEquals("unknown value type 'i31'",
                assertThrows(IllegalArgumentException.class,
                        () -> Expectation.argument(new Value("i31", "1", null), refs)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Expectation.argument(new Value("funcref", "0", null), refs));
    }

    @Test
    void v128_readsLanesLowFirstAndMatchesLaneByLane() {
        ExternRefs refs = new ExternRefs();
        WasmValue v = Expectation.argument(new Value("v128", java.util.List.of("1", "2", "3", "4294967295"), "i32"), refs);
        assertEquals(0x0000_0002_0000_0001L, v.bits());
        assertEquals(0xFFFF_FFFF_0000_0003L, v.high());
        assertTrue(Expectation.matches(new Value("v128", java.util.List.of("1", "0", "2", "0", "3", "0", "65535", "65535"), "i16"), v, refs));
        assertFalse(Expectation.matches(new Value("v128", java.util.List.of("1", "2", "3", "5"), "i32"), v, refs));
    }

    @Test
    void v128_floatLanesAcceptNanPatternsPerLane() {
        ExternRefs refs = new ExternRefs();
        // lanes: canonical NaN, negative canonical NaN, arithmetic NaN with payload, 1.0f
        WasmValue v = WasmValue.ofV128(0xFFC0_0000_7FC0_0000L, 0x3F80_0000_7FC0_0001L);
        Value canonicalTwice = new Value("v128", java.util.List.of("nan:canonical", "nan:canonical", "nan:arithmetic",
                "1065353216"), "f32");
        assertTrue(Expectation.matches(canonicalTwice, v, refs));
        Value canonicalThird = new Value("v128", java.util.List.of("nan:canonical", "nan:canonical", "nan:canonical",
                "1065353216"), "f32");
        assertFalse(Expectation.matches(canonicalThird, v, refs), "a NaN with payload 1 is not canonical");
        WasmValue f64 = WasmValue.ofV128(0x7FF8_0000_0000_0000L, 0x7FF4_0000_0000_0000L); // canonical, signalling
        assertTrue(Expectation.matches(new Value("v128", java.util.List.of("nan:canonical", "9219994337134247936"), "f64"), f64, refs));
        assertFalse(Expectation.matches(new Value("v128", java.util.List.of("nan:canonical", "nan:arithmetic"), "f64"), f64, refs));
    }
}
