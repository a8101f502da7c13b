package dev.pinion.engine.internal.interp;

import dev.pinion.engine.internal.exec.MemoryInstance;

import java.lang.foreign.MemorySegment;

/**
 * The narrow i64 loads and stores (i64.load8_s ... i64.store32): rare in compiled code, so they live outside the
 * interpreter loop to keep it under HotSpot's HugeMethodLimit. Operands as in {@link Op}: a load is
 * {@code d a offset}, a store {@code a v offset}; an access past the memory's size fails the segment's own
 * bounds check, whose IndexOutOfBoundsException becomes the memory trap in the interpreter, like any other.
 */
final class MemoryOps {
    private MemoryOps() {}

    static void narrowI64(int[] code, int pc, long[] s, int fp, MemorySegment mem) {
        int op = code[pc];
        if (op <= Op.I64_LOAD32_U) {
            long ea = Interpreter.ea(s[fp + code[pc + 2]], code[pc + 3]);
            s[fp + code[pc + 1]] = switch (op) {
                case Op.I64_LOAD8_S -> MemoryInstance.getI8(mem, ea);
                case Op.I64_LOAD8_U -> MemoryInstance.getI8(mem, ea) & 0xFFL;
                case Op.I64_LOAD16_S -> MemoryInstance.getI16(mem, ea);
                case Op.I64_LOAD16_U -> MemoryInstance.getI16(mem, ea) & 0xFFFFL;
                case Op.I64_LOAD32_S -> MemoryInstance.getI32(mem, ea);
                default -> MemoryInstance.getI32(mem, ea) & 0xFFFF_FFFFL;
            };
            return;
        }
        long ea = Interpreter.ea(s[fp + code[pc + 1]], code[pc + 3]);
        long v = s[fp + code[pc + 2]];
        switch (op) {
            case Op.I64_STORE8 -> MemoryInstance.setI8(mem, ea, (byte) v);
            case Op.I64_STORE16 -> MemoryInstance.setI16(mem, ea, (short) v);
            default -> MemoryInstance.setI32(mem, ea, (int) v);
        }
    }
}
