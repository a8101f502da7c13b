package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Interpreter semantics on semantics.wat. */
class InterpreterTest {
    private Instance inst;

    @BeforeEach
    void setUp() {
        inst = TestModules.instantiate("semantics");
    }

    private long call(String name, long... args) {
        return inst.function(name).call(args)[0];
    }

    private Trap trap(String name, long... args) {
        return assertThrows(Trap.class, () -> inst.function(name).call(args));
    }

    @Test
    void loop_sumsOneToN() {
        assertEquals(55, call("sum", 10));
        assertEquals(0, call("sum", 0));
        assertEquals(5000050000L, call("sum", 100_000));
    }

    @Test
    void recursion_computesFactorial() {
        assertEquals(2432902008176640000L, call("fac", 20));
    }

    @Test
    void integerDivision_trapsWithSpecWording() {
        assertEquals(-3, (int) call("div_s", -7, 2));
        Trap zero = trap("div_s", 7, 0);
        assertEquals(Trap.Kind.INTEGER_DIVIDE_BY_ZERO, zero.kind());
        assertEquals("integer divide by zero", zero.getMessage());
        assertEquals(Trap.Kind.INTEGER_OVERFLOW, trap("div_s", Integer.MIN_VALUE, -1).kind());
    }

    @Test
    void floatToInt_trapsOrSaturates() {
        assertEquals(-3, (int) call("trunc", Double.doubleToRawLongBits(-3.9)));
        assertEquals(Trap.Kind.INVALID_CONVERSION, trap("trunc", Double.doubleToRawLongBits(Double.NaN)).kind());
        assertEquals(Trap.Kind.INTEGER_OVERFLOW, trap("trunc", Double.doubleToRawLongBits(3e9)).kind());
        assertEquals(0, (int) call("trunc_sat", Double.doubleToRawLongBits(-5.0)));
        assertEquals(-1, (int) call("trunc_sat", Double.doubleToRawLongBits(1e20)));
    }

    @Test
    void fmin_ordersNegativeZeroAndPropagatesNaN() {
        long r = call("fmin", Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(0.0f));
        assertEquals(Float.floatToRawIntBits(-0.0f), (int) r);
        assertTrue(Float.isNaN(Float.intBitsToFloat((int) call("fmin", Float.floatToRawIntBits(Float.NaN),
                Float.floatToRawIntBits(1f)))));
    }

    @Test
    void multiValue_functionsAndBlocks() {
        assertArrayEquals(new long[] {2, 1}, inst.function("swap").call(1, 2));
        assertArrayEquals(new long[] {3, 2}, inst.function("divmod").call(17, 5));
        assertEquals(-7, (int) call("swap_sub", 10, 3));
    }

    @ParameterizedTest
    @CsvSource({"0, 211", "1, 210", "2, 200", "3, 100", "99, 100", "-1, 100"})
    void brTable_branchesCarryValues(int index, int expected) {
        assertEquals(expected, (int) call("classify", index));
    }

    @Test
    void callIndirect_dispatchesAndTraps() {
        assertEquals(8, call("apply", 0, 5, 3));
        assertEquals(2, call("apply", 1, 5, 3));
        assertEquals(15, call("apply", 2, 5, 3));
        assertEquals(Trap.Kind.UNINITIALIZED_ELEMENT, trap("apply", 3, 5, 3).kind());
        assertEquals(Trap.Kind.UNDEFINED_ELEMENT, trap("apply", 4, 5, 3).kind());
    }

    @Test
    void memory_loadsStoresAndBoundsChecks() {
        assertEquals(0x1_0000_00FFL + 0xFF, call("store_load", 0, 0x1_0000_00FFL));
        assertEquals(-1, (int) call("load8_s", 8));
        assertEquals(Trap.Kind.OUT_OF_BOUNDS_MEMORY, trap("store_load", 65536 - 8, 1).kind());
        assertEquals(Trap.Kind.OUT_OF_BOUNDS_MEMORY, trap("store_load", 0xFFFF_FFFFL, 1).kind());
        assertEquals(0x1_0000_00FFL + 0xFF, call("store_load", 65536 - 16, 0x1_0000_00FFL));
    }

    @Test
    void memoryGrow_respectsDeclaredMaximum() {
        assertEquals(1, call("grow", 1));
        assertEquals(2, call("size"));
        assertEquals(-1, (int) call("grow", 3));
        assertEquals(2, call("grow", 2));
        assertEquals(4, call("size"));
        assertEquals(4 * 65536, inst.memory().byteSize());
    }

    @Test
    void bulkMemory_initCopyFillAndDrop() {
        assertEquals(0x6C414168, (int) call("bulk")); // "hAAl" little-endian
        assertEquals("hello", inst.memory().readString(100, 5));
        assertEquals(Trap.Kind.OUT_OF_BOUNDS_MEMORY, trap("init_after_drop").kind());
    }

    @Test
    void tableOps_initGrowSetFill() {
        assertEquals(6028, (int) call("table_ops"));
    }

    @Test
    void refIsNull_onTableSlots() {
        assertEquals(1, call("ref_is_null", 3));
        assertEquals(0, call("ref_is_null", 0));
        assertEquals(Trap.Kind.OUT_OF_BOUNDS_TABLE, trap("ref_is_null", 4).kind());
    }

    @Test
    void select_picksByCondition() {
        assertEquals(10, call("select", 1));
        assertEquals(20, call("select", 0));
    }

    @Test
    void unreachable_traps() {
        Trap t = trap("unreachable");
        assertEquals(Trap.Kind.UNREACHABLE, t.kind());
        assertEquals("unreachable", t.getMessage());
    }

    @Test
    void invoke_convertsBoxedValues() {
        assertArrayEquals(new Object[] {55L}, inst.function("sum").invoke(10));
        assertArrayEquals(new Object[] {-0.0f}, inst.function("fmin").invoke(-0.0f, 0.0f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inst.function("sum").invoke("x"));
        assertTrue(e.getMessage().contains("argument 0 must be a i32"), e.getMessage());
    }
}
