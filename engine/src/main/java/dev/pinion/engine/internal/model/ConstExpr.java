package dev.pinion.engine.internal.model;

import java.util.List;

/**
 * A constant expression (global initialiser, segment offset, element item) as decoded: its instructions without
 * the final {@code end}. The decoder only guarantees well-formedness; the validator checks that every
 * instruction is constant and the result type is right.
 *
 * @param instrs instructions in order
 * @param offset byte offset of the first instruction in the module
 */
public record ConstExpr(List<Instr> instrs, int offset) {
    /**
     * One instruction: {@code opcode} is the single-byte opcode, or for prefixed opcodes
     * {@code (prefix << 8) | subOpcode} (e.g. 0xFC00+n). {@code imm} is the immediate: the constant's raw bits
     * for i32/i64/f32/f64.const, the index for global.get / ref.func, the ValType code for ref.null, 0 for
     * anything else (non-constant instructions decode too; the validator rejects them). For v128.const,
     * {@code imm} holds the low 64 bits and {@code immHigh} the high 64 bits (little-endian lane order).
     */
    public record Instr(int opcode, long imm, long immHigh, int offset) {
        public Instr(int opcode, long imm, int offset) {
            this(opcode, imm, 0, offset);
        }
    }
}
