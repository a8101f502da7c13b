package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.interp.Limiter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code CompiledCode.call} returns: an i32 or f32 result and the fuel budget packed in one long, every bit
 * of both coming back, and a call with nothing to check keeping its never-ending budget (else every packed
 * return would send it to the refill path).
 */
class CompiledCodeReturnsTest {
    private static final long[] BUDGETS = {0, 1, 9_999, Limiter.CHUNK, -1, -250_000};
    private static final long[] I32 = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, -1000};
    private static final long[] F32 = {0, 0xFFA0_0001L, 0x8000_0000L, 0x7FC0_0000L, 0x3F80_0000L};

    @Test
    void i32AndF32ResultsAndCheckedBudgets_comeBackExactly() {
        for (long b : BUDGETS) {
            for (long r : I32) { // i32 slots hold the value sign-extended
                long p = CompiledCode.pack(r, b);
                assertEquals(b, CompiledCode.budgetOf(p), "budget " + b + " with i32 " + r);
                assertEquals(r, p >> 32, "i32 " + r + " with budget " + b);
            }
            for (long r : F32) { // f32 slots hold the raw bits zero-extended
                long p = CompiledCode.pack(r, b);
                assertEquals(b, CompiledCode.budgetOf(p), "budget " + b + " with f32 bits " + r);
                assertEquals(r, p >>> 32, "f32 bits " + r + " with budget " + b);
            }
        }
    }

    @Test
    void aCallWithNothingToCheck_keepsItsUncheckedBudget() {
        for (long spent : new long[] {0, 1, 123_456_789, 1L << 40}) {
            long p = CompiledCode.pack(-3, Limiter.UNCHECKED - spent);
            assertEquals(Limiter.UNCHECKED, CompiledCode.budgetOf(p), "spent " + spent);
            assertEquals(-3, p >> 32);
        }
    }

    @Test
    void whatCallReturns_dependsOnTheResultTypeAlone() {
        ValType[] none = {};
        assertEquals(CompiledCode.RETURNS_BUDGET, CompiledCode.returns(FuncType.of(new ValType[] {ValType.I64}, none)));
        assertEquals(CompiledCode.RETURNS_I32, CompiledCode.returns(FuncType.of(none, new ValType[] {ValType.I32})));
        assertEquals(CompiledCode.RETURNS_F32, CompiledCode.returns(FuncType.of(none, new ValType[] {ValType.F32})));
        for (ValType t : new ValType[] {ValType.I64, ValType.F64, ValType.FUNCREF, ValType.EXTERNREF}) {
            assertEquals(CompiledCode.RETURNS_WIDE, CompiledCode.returns(FuncType.of(none, new ValType[] {t})), t.name());
        }
    }
}
