package dev.pinion.wat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.wat.internal.Numbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every numeric literal form of the text format, as bits. */
class NumbersTest {

    @ParameterizedTest(name = "i32 {0} = {1}")
    @CsvSource({
            "0, 0", "42, 42", "+42, 42", "-1, 0xffffffff", "0x7fffffff, 0x7fffffff", "0xffffffff, 0xffffffff",
            "-0x80000000, 0x80000000", "4294967295, 0xffffffff", "-2147483648, 0x80000000", "1_000_000, 1000000",
            "0xdead_beef, 0xdeadbeef", "0x0_1, 1"})
    void i32_decimalHexSignedUnsignedUnderscores(String literal, String bits) {
        assertEquals(Long.decode(bits).intValue(), (int) Numbers.parseInt(literal, 32));
    }

    @ParameterizedTest(name = "i64 {0}")
    @CsvSource({"-1, -1", "18446744073709551615, -1", "0x8000000000000000, -9223372036854775808",
            "-9223372036854775808, -9223372036854775808", "9_223_372_036_854_775_807, 9223372036854775807"})
    void i64_fullRange(String literal, long bits) {
        assertEquals(bits, Numbers.parseInt(literal, 64));
    }

    @ParameterizedTest(name = "out of range: {0}")
    @ValueSource(strings = {"4294967296", "-2147483649", "0x1_0000_0000", "-0x80000001"})
    void i32_outOfRange(String literal) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parseInt(literal, 32));
        assertEquals("constant out of range", e.getMessage());
    }

    @ParameterizedTest(name = "malformed: {0}")
    @ValueSource(strings = {"1__0", "_1", "1_", "0x", "0x_1", "1a", "--1", "0xg", "1.0", ""})
    void int_malformed(String literal) {
        assertThrows(NumberFormatException.class, () -> Numbers.parseInt(literal, 32));
    }

    @ParameterizedTest(name = "f32 {0} = {1}")
    @CsvSource({
            "0, 0x00000000", "-0, 0x80000000", "1, 0x3f800000", "1.5, 0x3fc00000", "0.1, 0x3dcccccd",
            "1e10, 0x501502f9", "1E-3, 0x3a83126f", "1.5e+2, 0x43160000", "1_000.000_1, 0x447a0002",
            "0x1p0, 0x3f800000", "0x1.8p1, 0x40400000", "0x1P-149, 0x00000001", "0x1.fffffep127, 0x7f7fffff",
            "-0x1.4p-1, 0xbf200000", "0xa, 0x41200000", "0x1.p0, 0x3f800000", "0xA.8, 0x41280000",
            "inf, 0x7f800000", "-inf, 0xff800000", "+inf, 0x7f800000",
            "nan, 0x7fc00000", "-nan, 0xffc00000", "nan:0x1, 0x7f800001", "nan:0x7fffff, 0x7fffffff",
            "-nan:0x20_0000, 0xffa00000",
            // round to nearest, ties to even: 1 + 2^-24 is exactly between 1 and the next float
            "0x1.000001p0, 0x3f800000", "0x1.000003p0, 0x3f800002", "0x1.0000010000000001p0, 0x3f800001",
            // the largest value that still rounds down to MAX_VALUE
            "0x1.fffffefffffffffffp127, 0x7f7fffff"})
    void f32_everyForm(String literal, String bits) {
        assertEquals(Long.decode(bits).intValue(), Numbers.parseF32(literal));
    }

    @ParameterizedTest(name = "f64 {0} = {1}")
    @CsvSource({
            "0.1, 0x3fb999999999999a", "-0x1p-1074, 0x8000000000000001", "0x1.fffffffffffffp1023, 0x7fefffffffffffff",
            "nan, 0x7ff8000000000000", "nan:0xf_ffff_ffff_ffff, 0x7fffffffffffffff", "-inf, 0xfff0000000000000",
            "1e-400, 0x0000000000000000", "0x1.00000000000008p0, 0x3ff0000000000000",
            "0x1.00000000000018p0, 0x3ff0000000000002"})
    void f64_everyForm(String literal, String bits) {
        assertEquals(Long.parseUnsignedLong(bits.substring(2), 16), Numbers.parseF64(literal));
    }

    @ParameterizedTest(name = "f32 out of range: {0}")
    @ValueSource(strings = {"1e39", "0x1p128", "-0x2p127", "nan:0x0", "nan:0x800000", "0x1.ffffffp127"})
    void f32_outOfRange(String literal) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parseF32(literal));
        assertTrue(e.getMessage().startsWith("constant out of range"), e.getMessage());
    }

    @ParameterizedTest(name = "f32 malformed: {0}")
    @ValueSource(strings = {"1.e", "1e", ".5", "0x.8", "1._5", "nan:1", "nan:0x", "infinity", "1f", "1d", "0x1p",
            "1.0_", "NaN", "Infinity", "0x1.0p+_1"})
    void f32_malformed(String literal) {
        assertThrows(NumberFormatException.class, () -> Numbers.parseF32(literal));
    }
}
