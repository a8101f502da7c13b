package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.engine.ValType;
import org.junit.jupiter.api.Test;

class WasmValuesTest {
    @Test
    void parse_integersSignedOrUnsigned() {
        assertEquals(0xFFFF_FFFFL, WasmValues.parse(ValType.I32, "-1"));
        assertEquals(0xFFFF_FFFFL, WasmValues.parse(ValType.I32, "4294967295"));
        assertEquals(7, WasmValues.parse(ValType.I32, "7"));
        assertEquals(-1L, WasmValues.parse(ValType.I64, "18446744073709551615"));
        assertEquals(Long.MIN_VALUE, WasmValues.parse(ValType.I64, "-9223372036854775808"));
        assertThrows(IllegalArgumentException.class, () -> WasmValues.parse(ValType.I32, "4294967296"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WasmValues.parse(ValType.I64, "1.5"));
        assertEquals("'1.5' is not a valid i64", e.getMessage());
    }

    @Test
    void parse_floats() {
        assertEquals(Float.floatToRawIntBits(1.5f), WasmValues.parse(ValType.F32, "1.5"));
        assertEquals(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), WasmValues.parse(ValType.F64, "inf"));
        assertEquals(Double.doubleToRawLongBits(Double.NaN), WasmValues.parse(ValType.F64, "nan"));
    }

    @Test
    void format_likeWasmtime() {
        assertEquals("-1", WasmValues.format(ValType.I32, 0xFFFF_FFFFL));
        assertEquals("-1", WasmValues.format(ValType.I64, -1L));
        assertEquals("1", WasmValues.format(ValType.F64, Double.doubleToRawLongBits(1.0)));
        assertEquals("0.1", WasmValues.format(ValType.F32, Float.floatToRawIntBits(0.1f)));
        assertEquals("100000000000000000000", WasmValues.format(ValType.F64, Double.doubleToRawLongBits(1e20)));
        assertEquals("inf", WasmValues.format(ValType.F64, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY)));
        assertEquals("NaN", WasmValues.format(ValType.F32, Float.floatToRawIntBits(Float.NaN)));
        assertEquals("-0", WasmValues.format(ValType.F64, Double.doubleToRawLongBits(-0.0)));
        assertEquals("1.25", WasmValues.format(ValType.F64, Double.doubleToRawLongBits(1.25)));
    }
}
