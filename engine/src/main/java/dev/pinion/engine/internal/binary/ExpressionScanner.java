package dev.pinion.engine.internal.binary;

import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.ConstExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that an expression (a function body or a constant expression) is well-formed, without typing it:
 * every opcode exists, every immediate is encoded correctly (LEB128 limits, reserved zero bytes, value and
 * reference type bytes), blocks nest and the expression ends with its final {@code end}.
 *
 * <p>This is the decoding half of the spec's code rules. It runs before validation so that a module that is
 * both malformed and invalid is always reported as malformed (the spec decodes the whole module first), and so
 * that the validator and the lowering pass can walk bodies knowing that the encoding is sound.
 *
 * <p>One scanner is reused for all bodies of a module; it allocates nothing per instruction.
 */
final class ExpressionScanner {
    /** Frame kinds on the nesting stack: only an {@code if} frame may see one {@code else}. */
    private static final byte PLAIN = 0, IF = 1, IF_ELSE = 2;

    private byte[] frames = new byte[16];
    /** Offset of the first memory.init or data.drop seen, or -1. */
    private int firstDataIndexUse = -1;

    /**
     * Offset of the first {@code memory.init} or {@code data.drop}, or -1 if none occurred. Such instructions
     * need a data count section (the code section precedes the data section, so a one-pass decoder cannot
     * otherwise know the data segments); the decoder checks this once the whole module is read.
     */
    int firstDataIndexUse() {
        return firstDataIndexUse;
    }

    /**
     * Scans a function body from the reader's position to its limit; the final {@code end} must be the last byte
     * before the limit.
     */
    void scanBody(CodeReader r) {
        scan(r, null);
        if (!r.atEnd()) {
            // The body's final end came before the size the code entry declared.
            throw new MalformedModuleException("section size mismatch", r.pos());
        }
    }

    /**
     * Decodes a constant expression up to and including its final {@code end}, recording every instruction.
     * Any instruction is accepted here; the validator decides which ones are constant.
     */
    ConstExpr constExpr(CodeReader r) {
        int start = r.pos();
        List<ConstExpr.Instr> instrs = new ArrayList<>(2);
        scan(r, instrs);
        return new ConstExpr(List.copyOf(instrs), start);
    }

    private void scan(CodeReader r, List<ConstExpr.Instr> record) {
        int depth = 1;
        frames[0] = PLAIN;
        while (true) {
            int at = r.pos();
            int op = r.opcode();
            Opcodes.Info info = Opcodes.info(op);
            if (info == null) {
                throw new MalformedModuleException("illegal opcode", at);
            }
            if (op == Opcodes.V128_CONST) {
                long lo = r.f64Bits(), hi = r.f64Bits();
                if (record != null) record.add(new ConstExpr.Instr(op, lo, hi, at));
                continue;
            }
            long imm = immediates(r, info, at);
            if (record != null && op != Opcodes.END) {
                record.add(new ConstExpr.Instr(op, imm, at));
            }
            switch (op) {
                case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.IF -> {
                    if (depth == frames.length) frames = java.util.Arrays.copyOf(frames, depth * 2);
                    frames[depth++] = op == Opcodes.IF ? IF : PLAIN;
                }
                case Opcodes.ELSE -> {
                    if (frames[depth - 1] != IF) {
                        // else outside an if (or a second else): the block reader expects its end here.
                        throw new MalformedModuleException("END opcode expected", at);
                    }
                    frames[depth - 1] = IF_ELSE;
                }
                case Opcodes.END -> {
                    if (--depth == 0) return;
                }
                default -> { }
            }
        }
    }

    /** Reads and checks the immediates of one instruction; returns the one a constant expression needs. */
    private long immediates(CodeReader r, Opcodes.Info info, int at) {
        switch (info.imm()) {
            case NONE -> { return 0; }
            case BLOCK_TYPE -> { blockType(r); return 0; }
            case LABEL, TABLE, LOCAL, ELEM -> { r.u32Long(); return 0; }
            case FUNC, GLOBAL -> { return r.u32Long(); }
            case BR_TABLE -> {
                int n = r.count();
                for (int i = 0; i <= n; i++) r.u32Long();
                return 0;
            }
            case CALL_INDIRECT, ELEM_TABLE, TABLE_TABLE -> { r.u32Long(); r.u32Long(); return 0; }
            case MEMARG -> { r.u32Long(); r.u32Long(); return 0; }
            case I32 -> { return r.s32(); }
            case I64 -> { return r.s64(); }
            case F32 -> { return r.f32Bits() & 0xFFFFFFFFL; }
            case F64 -> { return r.f64Bits(); }
            case MEMORY -> { zeroByte(r); return 0; }
            case MEMORY_MEMORY -> { zeroByte(r); zeroByte(r); return 0; }
            case V128, SHUFFLE -> { r.skip(16); return 0; }
            case LANE -> { r.u8(); return 0; }
            case MEMARG_LANE -> { r.u32Long(); r.u32Long(); r.u8(); return 0; }
            case REF_TYPE -> { return refType(r).code(); }
            case SELECT_TYPES -> {
                int n = r.count();
                for (int i = 0; i < n; i++) valType(r);
                return n;
            }
            case DATA_MEMORY, DATA -> {
                if (firstDataIndexUse < 0) firstDataIndexUse = at;
                r.u32Long();
                if (info.imm() == Opcodes.Imm.DATA_MEMORY) zeroByte(r);
                return 0;
            }
        }
        throw new AssertionError(info.imm());
    }

    private static void zeroByte(CodeReader r) {
        int at = r.pos();
        if (r.u8() != 0) throw new MalformedModuleException("zero byte expected", at);
    }

    /** blocktype: 0x40, a value type byte, or a non-negative s33 type index. */
    static void blockType(CodeReader r) {
        int b = r.peek();
        if (b == 0x40 || (b >= 0 && ValType.fromCode(b) != null)) {
            r.u8();
            return;
        }
        int at = r.pos();
        if (r.s33() < 0) throw new MalformedModuleException("malformed block type", at);
    }

    static ValType valType(CodeReader r) {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null) throw new MalformedModuleException("malformed value type", at);
        return t;
    }

    static ValType refType(CodeReader r) {
        int at = r.pos();
        ValType t = ValType.fromCode(r.u8());
        if (t == null || !t.isReference()) throw new MalformedModuleException("malformed reference type", at);
        return t;
    }
}
