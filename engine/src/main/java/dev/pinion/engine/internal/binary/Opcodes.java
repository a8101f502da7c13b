package dev.pinion.engine.internal.binary;

import dev.pinion.engine.ValType;

/**
 * The opcode table of WebAssembly 2.0: the single source of truth for the decoder, the validator, the lowering
 * pass and any printer.
 *
 * <p>Every opcode has an int code: single-byte opcodes are their byte ({@code 0x00..0xFF}); 0xFC-prefixed
 * opcodes are {@code 0xFC00 | subOpcode} (e.g. {@link #MEMORY_INIT} = 0xFC08), and 0xFD-prefixed (SIMD) ones
 * {@code 0xFD00 + subOpcode} (e.g. {@link #V128_CONST} = 0xFD0C). The constants can be used as
 * {@code case} labels. {@link #info(int)} gives the row of the table: spec name, immediate kind, and for
 * instructions with a fixed stack effect (all numeric instructions, loads, stores, conversions and most bulk
 * instructions) the operand types popped and pushed, so the validator and lowering need no per-opcode code for
 * them.
 */
public final class Opcodes {
    private Opcodes() {}

    /** The immediate operands that follow an opcode in the binary, in spec order. */
    public enum Imm {
        /** No immediate. */
        NONE,
        /** blocktype: 0x40 (empty), a value type, or a type index as s33. */
        BLOCK_TYPE,
        /** labelidx (u32). */
        LABEL,
        /** vec(labelidx) then the default labelidx. */
        BR_TABLE,
        /** funcidx (u32). */
        FUNC,
        /** typeidx (u32) then tableidx (u32). */
        CALL_INDIRECT,
        /** localidx (u32). */
        LOCAL,
        /** globalidx (u32). */
        GLOBAL,
        /** tableidx (u32). */
        TABLE,
        /** memarg: align exponent (u32) then offset (u32). */
        MEMARG,
        /** i32 (signed LEB128, 32 bits). */
        I32,
        /** i64 (signed LEB128, 64 bits). */
        I64,
        /** f32 as 4 raw little-endian bytes. */
        F32,
        /** f64 as 8 raw little-endian bytes. */
        F64,
        /** A single reserved memory index byte that must be 0x00 (memory.size, memory.grow, memory.fill). */
        MEMORY,
        /** reftype byte (0x70 funcref, 0x6F externref). */
        REF_TYPE,
        /** vec(valtype) of typed select (must hold exactly one type to be valid). */
        SELECT_TYPES,
        /** memory.init: dataidx (u32) then reserved memory byte 0x00. */
        DATA_MEMORY,
        /** data.drop: dataidx (u32). */
        DATA,
        /** memory.copy: two reserved memory bytes 0x00 0x00. */
        MEMORY_MEMORY,
        /** table.init: elemidx (u32) then tableidx (u32). */
        ELEM_TABLE,
        /** elem.drop: elemidx (u32). */
        ELEM,
        /** table.copy: destination tableidx (u32) then source tableidx (u32). */
        TABLE_TABLE,
        /** v128.const: 16 raw bytes, lane 0 first. */
        V128,
        /** i8x16.shuffle: 16 lane index bytes (each must be below 32 to be valid). */
        SHUFFLE,
        /** extract_lane / replace_lane: one lane index byte. */
        LANE,
        /** v128.loadN_lane / storeN_lane: memarg then one lane index byte. */
        MEMARG_LANE
    }

    /**
     * One row of the table.
     *
     * @param code         the opcode (see class doc for prefixed opcodes)
     * @param name         spec text-format name, e.g. "i32.add"
     * @param imm          immediate kind
     * @param pops         operand types popped, bottom first, or null if the stack effect is not fixed
     *                     (control, parametric, variable, reference and table instructions)
     * @param pushes       operand types pushed, or null like {@code pops}
     * @param naturalAlign for loads and stores, log2 of the access size in bytes; -1 otherwise
     */
    public record Info(int code, String name, Imm imm, ValType[] pops, ValType[] pushes, int naturalAlign) {
        /** True if the stack effect is fully described by {@link #pops} and {@link #pushes}. */
        public boolean hasFixedSignature() {
            return pops != null;
        }

        public boolean isPrefixed() {
            return code > 0xFF;
        }

        /** True for the 0xFD-prefixed (SIMD) instructions. */
        public boolean isSimd() {
            return code >= 0xFD00;
        }
    }

    public static final int PREFIX_FC = 0xFC;
    /** SIMD prefix. */
    public static final int PREFIX_FD = 0xFD;

    // Control instructions
    public static final int UNREACHABLE = 0x00, NOP = 0x01, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05,
            END = 0x0B, BR = 0x0C, BR_IF = 0x0D, BR_TABLE = 0x0E, RETURN = 0x0F, CALL = 0x10,
            CALL_INDIRECT = 0x11;
    // Parametric instructions
    public static final int DROP = 0x1A, SELECT = 0x1B, SELECT_T = 0x1C;
    // Variable and table access
    public static final int LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22, GLOBAL_GET = 0x23,
            GLOBAL_SET = 0x24, TABLE_GET = 0x25, TABLE_SET = 0x26;
    // Memory instructions
    public static final int I32_LOAD = 0x28, I64_LOAD = 0x29, F32_LOAD = 0x2A, F64_LOAD = 0x2B,
            I32_LOAD8_S = 0x2C, I32_LOAD8_U = 0x2D, I32_LOAD16_S = 0x2E, I32_LOAD16_U = 0x2F,
            I64_LOAD8_S = 0x30, I64_LOAD8_U = 0x31, I64_LOAD16_S = 0x32, I64_LOAD16_U = 0x33,
            I64_LOAD32_S = 0x34, I64_LOAD32_U = 0x35, I32_STORE = 0x36, I64_STORE = 0x37, F32_STORE = 0x38,
            F64_STORE = 0x39, I32_STORE8 = 0x3A, I32_STORE16 = 0x3B, I64_STORE8 = 0x3C, I64_STORE16 = 0x3D,
            I64_STORE32 = 0x3E, MEMORY_SIZE = 0x3F, MEMORY_GROW = 0x40;
    // Constants
    public static final int I32_CONST = 0x41, I64_CONST = 0x42, F32_CONST = 0x43, F64_CONST = 0x44;
    // i32 comparisons
    public static final int I32_EQZ = 0x45, I32_EQ = 0x46, I32_NE = 0x47, I32_LT_S = 0x48, I32_LT_U = 0x49,
            I32_GT_S = 0x4A, I32_GT_U = 0x4B, I32_LE_S = 0x4C, I32_LE_U = 0x4D, I32_GE_S = 0x4E, I32_GE_U = 0x4F;
    // i64 comparisons
    public static final int I64_EQZ = 0x50, I64_EQ = 0x51, I64_NE = 0x52, I64_LT_S = 0x53, I64_LT_U = 0x54,
            I64_GT_S = 0x55, I64_GT_U = 0x56, I64_LE_S = 0x57, I64_LE_U = 0x58, I64_GE_S = 0x59, I64_GE_U = 0x5A;
    // f32 / f64 comparisons
    public static final int F32_EQ = 0x5B, F32_NE = 0x5C, F32_LT = 0x5D, F32_GT = 0x5E, F32_LE = 0x5F,
            F32_GE = 0x60, F64_EQ = 0x61, F64_NE = 0x62, F64_LT = 0x63, F64_GT = 0x64, F64_LE = 0x65,
            F64_GE = 0x66;
    // i32 arithmetic
    public static final int I32_CLZ = 0x67, I32_CTZ = 0x68, I32_POPCNT = 0x69, I32_ADD = 0x6A, I32_SUB = 0x6B,
            I32_MUL = 0x6C, I32_DIV_S = 0x6D, I32_DIV_U = 0x6E, I32_REM_S = 0x6F, I32_REM_U = 0x70,
            I32_AND = 0x71, I32_OR = 0x72, I32_XOR = 0x73, I32_SHL = 0x74, I32_SHR_S = 0x75, I32_SHR_U = 0x76,
            I32_ROTL = 0x77, I32_ROTR = 0x78;
    // i64 arithmetic
    public static final int I64_CLZ = 0x79, I64_CTZ = 0x7A, I64_POPCNT = 0x7B, I64_ADD = 0x7C, I64_SUB = 0x7D,
            I64_MUL = 0x7E, I64_DIV_S = 0x7F, I64_DIV_U = 0x80, I64_REM_S = 0x81, I64_REM_U = 0x82,
            I64_AND = 0x83, I64_OR = 0x84, I64_XOR = 0x85, I64_SHL = 0x86, I64_SHR_S = 0x87, I64_SHR_U = 0x88,
            I64_ROTL = 0x89, I64_ROTR = 0x8A;
    // f32 arithmetic
    public static final int F32_ABS = 0x8B, F32_NEG = 0x8C, F32_CEIL = 0x8D, F32_FLOOR = 0x8E,
            F32_TRUNC = 0x8F, F32_NEAREST = 0x90, F32_SQRT = 0x91, F32_ADD = 0x92, F32_SUB = 0x93,
            F32_MUL = 0x94, F32_DIV = 0x95, F32_MIN = 0x96, F32_MAX = 0x97, F32_COPYSIGN = 0x98;
    // f64 arithmetic
    public static final int F64_ABS = 0x99, F64_NEG = 0x9A, F64_CEIL = 0x9B, F64_FLOOR = 0x9C,
            F64_TRUNC = 0x9D, F64_NEAREST = 0x9E, F64_SQRT = 0x9F, F64_ADD = 0xA0, F64_SUB = 0xA1,
            F64_MUL = 0xA2, F64_DIV = 0xA3, F64_MIN = 0xA4, F64_MAX = 0xA5, F64_COPYSIGN = 0xA6;
    // Conversions
    public static final int I32_WRAP_I64 = 0xA7, I32_TRUNC_F32_S = 0xA8, I32_TRUNC_F32_U = 0xA9,
            I32_TRUNC_F64_S = 0xAA, I32_TRUNC_F64_U = 0xAB, I64_EXTEND_I32_S = 0xAC, I64_EXTEND_I32_U = 0xAD,
            I64_TRUNC_F32_S = 0xAE, I64_TRUNC_F32_U = 0xAF, I64_TRUNC_F64_S = 0xB0, I64_TRUNC_F64_U = 0xB1,
            F32_CONVERT_I32_S = 0xB2, F32_CONVERT_I32_U = 0xB3, F32_CONVERT_I64_S = 0xB4,
            F32_CONVERT_I64_U = 0xB5, F32_DEMOTE_F64 = 0xB6, F64_CONVERT_I32_S = 0xB7,
            F64_CONVERT_I32_U = 0xB8, F64_CONVERT_I64_S = 0xB9, F64_CONVERT_I64_U = 0xBA,
            F64_PROMOTE_F32 = 0xBB, I32_REINTERPRET_F32 = 0xBC, I64_REINTERPRET_F64 = 0xBD,
            F32_REINTERPRET_I32 = 0xBE, F64_REINTERPRET_I64 = 0xBF;
    // Sign extension
    public static final int I32_EXTEND8_S = 0xC0, I32_EXTEND16_S = 0xC1, I64_EXTEND8_S = 0xC2,
            I64_EXTEND16_S = 0xC3, I64_EXTEND32_S = 0xC4;
    // Reference instructions
    public static final int REF_NULL = 0xD0, REF_IS_NULL = 0xD1, REF_FUNC = 0xD2;
    // 0xFC prefix: non-trapping float-to-int, bulk memory, table instructions
    public static final int I32_TRUNC_SAT_F32_S = 0xFC00, I32_TRUNC_SAT_F32_U = 0xFC01,
            I32_TRUNC_SAT_F64_S = 0xFC02, I32_TRUNC_SAT_F64_U = 0xFC03, I64_TRUNC_SAT_F32_S = 0xFC04,
            I64_TRUNC_SAT_F32_U = 0xFC05, I64_TRUNC_SAT_F64_S = 0xFC06, I64_TRUNC_SAT_F64_U = 0xFC07,
            MEMORY_INIT = 0xFC08, DATA_DROP = 0xFC09, MEMORY_COPY = 0xFC0A, MEMORY_FILL = 0xFC0B,
            TABLE_INIT = 0xFC0C, ELEM_DROP = 0xFC0D, TABLE_COPY = 0xFC0E, TABLE_GROW = 0xFC0F,
            TABLE_SIZE = 0xFC10, TABLE_FILL = 0xFC11;

    // 0xFD prefix (SIMD): the instructions with immediates or stack effects the table cannot describe alone
    public static final int V128_LOAD = 0xFD00, V128_LOAD8X8_S = 0xFD01, V128_LOAD8X8_U = 0xFD02,
            V128_LOAD16X4_S = 0xFD03, V128_LOAD16X4_U = 0xFD04, V128_LOAD32X2_S = 0xFD05, V128_LOAD32X2_U = 0xFD06,
            V128_LOAD8_SPLAT = 0xFD07, V128_LOAD16_SPLAT = 0xFD08, V128_LOAD32_SPLAT = 0xFD09,
            V128_LOAD64_SPLAT = 0xFD0A, V128_STORE = 0xFD0B, V128_CONST = 0xFD0C, I8X16_SHUFFLE = 0xFD0D,
            V128_LOAD8_LANE = 0xFD54, V128_LOAD16_LANE = 0xFD55, V128_LOAD32_LANE = 0xFD56,
            V128_LOAD64_LANE = 0xFD57, V128_STORE8_LANE = 0xFD58, V128_STORE16_LANE = 0xFD59,
            V128_STORE32_LANE = 0xFD5A, V128_STORE64_LANE = 0xFD5B, V128_LOAD32_ZERO = 0xFD5C,
            V128_LOAD64_ZERO = 0xFD5D;

    /** Number of 0xFC sub-opcodes defined (0..17). */
    public static final int FC_COUNT = 18;
    /** Number of 0xFD sub-opcode slots (0..255; some are unassigned). */
    public static final int FD_COUNT = 256;

    private static final Info[] SINGLE = new Info[256];
    private static final Info[] PREFIXED_FC = new Info[FC_COUNT];
    private static final Info[] PREFIXED_FD = new Info[FD_COUNT];

    /** The row for an opcode code, or null if the code is not a Wasm 2.0 opcode. */
    public static Info info(int code) {
        if (code >= 0 && code <= 0xFF) {
            return SINGLE[code];
        }
        int sub = code - 0xFC00;
        if (sub >= 0 && sub < FC_COUNT) return PREFIXED_FC[sub];
        sub = code - 0xFD00;
        return sub >= 0 && sub < FD_COUNT ? PREFIXED_FD[sub] : null;
    }

    /**
     * For SIMD instructions with a lane immediate (extract/replace_lane, load/store_lane): how many lanes the
     * index selects from (16, 8, 4 or 2). 0 for other opcodes.
     */
    public static int laneCount(int code) {
        Info i = info(code);
        if (i == null) return 0;
        if (i.imm() == Imm.MEMARG_LANE) return 16 >> i.naturalAlign();
        if (i.imm() != Imm.LANE) return 0;
        String n = i.name();
        if (n.startsWith("i8x16")) return 16;
        if (n.startsWith("i16x8")) return 8;
        return n.startsWith("i32x4") || n.startsWith("f32x4") ? 4 : 2;
    }

    /** Spec name of an opcode, or a hex placeholder for an unknown code (for messages and dumps). */
    public static String name(int code) {
        Info i = info(code);
        return i != null ? i.name() : String.format("<0x%X>", code);
    }

    /** All rows, single-byte opcodes first, in code order. */
    public static java.util.List<Info> all() {
        java.util.List<Info> list = new java.util.ArrayList<>();
        for (Info i : SINGLE) {
            if (i != null) list.add(i);
        }
        for (Info i : PREFIXED_FC) {
            if (i != null) list.add(i);
        }
        for (Info i : PREFIXED_FD) {
            if (i != null) list.add(i);
        }
        return java.util.List.copyOf(list);
    }

    // ---- the table ----
    // Signature strings: operand types popped ':' pushed, i = i32, I = i64, f = f32, F = f64, V = v128.
    // null = not fixed.

    static {
        Imm n = Imm.NONE;
        op(UNREACHABLE, "unreachable", n, null);
        op(NOP, "nop", n, ":");
        op(BLOCK, "block", Imm.BLOCK_TYPE, null);
        op(LOOP, "loop", Imm.BLOCK_TYPE, null);
        op(IF, "if", Imm.BLOCK_TYPE, null);
        op(ELSE, "else", n, null);
        op(END, "end", n, null);
        op(BR, "br", Imm.LABEL, null);
        op(BR_IF, "br_if", Imm.LABEL, null);
        op(BR_TABLE, "br_table", Imm.BR_TABLE, null);
        op(RETURN, "return", n, null);
        op(CALL, "call", Imm.FUNC, null);
        op(CALL_INDIRECT, "call_indirect", Imm.CALL_INDIRECT, null);
        op(DROP, "drop", n, null);
        op(SELECT, "select", n, null);
        op(SELECT_T, "select", Imm.SELECT_TYPES, null);
        op(LOCAL_GET, "local.get", Imm.LOCAL, null);
        op(LOCAL_SET, "local.set", Imm.LOCAL, null);
        op(LOCAL_TEE, "local.tee", Imm.LOCAL, null);
        op(GLOBAL_GET, "global.get", Imm.GLOBAL, null);
        op(GLOBAL_SET, "global.set", Imm.GLOBAL, null);
        op(TABLE_GET, "table.get", Imm.TABLE, null);
        op(TABLE_SET, "table.set", Imm.TABLE, null);

        mem(I32_LOAD, "i32.load", "i:i", 2);
        mem(I64_LOAD, "i64.load", "i:I", 3);
        mem(F32_LOAD, "f32.load", "i:f", 2);
        mem(F64_LOAD, "f64.load", "i:F", 3);
        mem(I32_LOAD8_S, "i32.load8_s", "i:i", 0);
        mem(I32_LOAD8_U, "i32.load8_u", "i:i", 0);
        mem(I32_LOAD16_S, "i32.load16_s", "i:i", 1);
        mem(I32_LOAD16_U, "i32.load16_u", "i:i", 1);
        mem(I64_LOAD8_S, "i64.load8_s", "i:I", 0);
        mem(I64_LOAD8_U, "i64.load8_u", "i:I", 0);
        mem(I64_LOAD16_S, "i64.load16_s", "i:I", 1);
        mem(I64_LOAD16_U, "i64.load16_u", "i:I", 1);
        mem(I64_LOAD32_S, "i64.load32_s", "i:I", 2);
        mem(I64_LOAD32_U, "i64.load32_u", "i:I", 2);
        mem(I32_STORE, "i32.store", "ii:", 2);
        mem(I64_STORE, "i64.store", "iI:", 3);
        mem(F32_STORE, "f32.store", "if:", 2);
        mem(F64_STORE, "f64.store", "iF:", 3);
        mem(I32_STORE8, "i32.store8", "ii:", 0);
        mem(I32_STORE16, "i32.store16", "ii:", 1);
        mem(I64_STORE8, "i64.store8", "iI:", 0);
        mem(I64_STORE16, "i64.store16", "iI:", 1);
        mem(I64_STORE32, "i64.store32", "iI:", 2);
        op(MEMORY_SIZE, "memory.size", Imm.MEMORY, ":i");
        op(MEMORY_GROW, "memory.grow", Imm.MEMORY, "i:i");

        op(I32_CONST, "i32.const", Imm.I32, ":i");
        op(I64_CONST, "i64.const", Imm.I64, ":I");
        op(F32_CONST, "f32.const", Imm.F32, ":f");
        op(F64_CONST, "f64.const", Imm.F64, ":F");

        op(I32_EQZ, "i32.eqz", n, "i:i");
        series(I32_EQ, "i32.", "ii:i", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");
        op(I64_EQZ, "i64.eqz", n, "I:i");
        series(I64_EQ, "i64.", "II:i", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");
        series(F32_EQ, "f32.", "ff:i", "eq", "ne", "lt", "gt", "le", "ge");
        series(F64_EQ, "f64.", "FF:i", "eq", "ne", "lt", "gt", "le", "ge");

        series(I32_CLZ, "i32.", "i:i", "clz", "ctz", "popcnt");
        series(I32_ADD, "i32.", "ii:i", "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor",
                "shl", "shr_s", "shr_u", "rotl", "rotr");
        series(I64_CLZ, "i64.", "I:I", "clz", "ctz", "popcnt");
        series(I64_ADD, "i64.", "II:I", "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor",
                "shl", "shr_s", "shr_u", "rotl", "rotr");
        series(F32_ABS, "f32.", "f:f", "abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt");
        series(F32_ADD, "f32.", "ff:f", "add", "sub", "mul", "div", "min", "max", "copysign");
        series(F64_ABS, "f64.", "F:F", "abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt");
        series(F64_ADD, "f64.", "FF:F", "add", "sub", "mul", "div", "min", "max", "copysign");

        op(I32_WRAP_I64, "i32.wrap_i64", n, "I:i");
        op(I32_TRUNC_F32_S, "i32.trunc_f32_s", n, "f:i");
        op(I32_TRUNC_F32_U, "i32.trunc_f32_u", n, "f:i");
        op(I32_TRUNC_F64_S, "i32.trunc_f64_s", n, "F:i");
        op(I32_TRUNC_F64_U, "i32.trunc_f64_u", n, "F:i");
        op(I64_EXTEND_I32_S, "i64.extend_i32_s", n, "i:I");
        op(I64_EXTEND_I32_U, "i64.extend_i32_u", n, "i:I");
        op(I64_TRUNC_F32_S, "i64.trunc_f32_s", n, "f:I");
        op(I64_TRUNC_F32_U, "i64.trunc_f32_u", n, "f:I");
        op(I64_TRUNC_F64_S, "i64.trunc_f64_s", n, "F:I");
        op(I64_TRUNC_F64_U, "i64.trunc_f64_u", n, "F:I");
        op(F32_CONVERT_I32_S, "f32.convert_i32_s", n, "i:f");
        op(F32_CONVERT_I32_U, "f32.convert_i32_u", n, "i:f");
        op(F32_CONVERT_I64_S, "f32.convert_i64_s", n, "I:f");
        op(F32_CONVERT_I64_U, "f32.convert_i64_u", n, "I:f");
        op(F32_DEMOTE_F64, "f32.demote_f64", n, "F:f");
        op(F64_CONVERT_I32_S, "f64.convert_i32_s", n, "i:F");
        op(F64_CONVERT_I32_U, "f64.convert_i32_u", n, "i:F");
        op(F64_CONVERT_I64_S, "f64.convert_i64_s", n, "I:F");
        op(F64_CONVERT_I64_U, "f64.convert_i64_u", n, "I:F");
        op(F64_PROMOTE_F32, "f64.promote_f32", n, "f:F");
        op(I32_REINTERPRET_F32, "i32.reinterpret_f32", n, "f:i");
        op(I64_REINTERPRET_F64, "i64.reinterpret_f64", n, "F:I");
        op(F32_REINTERPRET_I32, "f32.reinterpret_i32", n, "i:f");
        op(F64_REINTERPRET_I64, "f64.reinterpret_i64", n, "I:F");

        op(I32_EXTEND8_S, "i32.extend8_s", n, "i:i");
        op(I32_EXTEND16_S, "i32.extend16_s", n, "i:i");
        op(I64_EXTEND8_S, "i64.extend8_s", n, "I:I");
        op(I64_EXTEND16_S, "i64.extend16_s", n, "I:I");
        op(I64_EXTEND32_S, "i64.extend32_s", n, "I:I");

        op(REF_NULL, "ref.null", Imm.REF_TYPE, null);
        op(REF_IS_NULL, "ref.is_null", n, null);
        op(REF_FUNC, "ref.func", Imm.FUNC, null);

        op(I32_TRUNC_SAT_F32_S, "i32.trunc_sat_f32_s", n, "f:i");
        op(I32_TRUNC_SAT_F32_U, "i32.trunc_sat_f32_u", n, "f:i");
        op(I32_TRUNC_SAT_F64_S, "i32.trunc_sat_f64_s", n, "F:i");
        op(I32_TRUNC_SAT_F64_U, "i32.trunc_sat_f64_u", n, "F:i");
        op(I64_TRUNC_SAT_F32_S, "i64.trunc_sat_f32_s", n, "f:I");
        op(I64_TRUNC_SAT_F32_U, "i64.trunc_sat_f32_u", n, "f:I");
        op(I64_TRUNC_SAT_F64_S, "i64.trunc_sat_f64_s", n, "F:I");
        op(I64_TRUNC_SAT_F64_U, "i64.trunc_sat_f64_u", n, "F:I");
        op(MEMORY_INIT, "memory.init", Imm.DATA_MEMORY, "iii:");
        op(DATA_DROP, "data.drop", Imm.DATA, ":");
        op(MEMORY_COPY, "memory.copy", Imm.MEMORY_MEMORY, "iii:");
        op(MEMORY_FILL, "memory.fill", Imm.MEMORY, "iii:");
        op(TABLE_INIT, "table.init", Imm.ELEM_TABLE, "iii:");
        op(ELEM_DROP, "elem.drop", Imm.ELEM, ":");
        op(TABLE_COPY, "table.copy", Imm.TABLE_TABLE, "iii:");
        op(TABLE_GROW, "table.grow", Imm.TABLE, null);
        op(TABLE_SIZE, "table.size", Imm.TABLE, ":i");
        op(TABLE_FILL, "table.fill", Imm.TABLE, null);

        simdTable();
    }

    /** The 0xFD instructions of Wasm 2.0, by sub-opcode (the spec's binary format, vector instructions). */
    private static void simdTable() {
        mem(V128_LOAD, "v128.load", "i:V", 4);
        mem(V128_LOAD8X8_S, "v128.load8x8_s", "i:V", 3);
        mem(V128_LOAD8X8_U, "v128.load8x8_u", "i:V", 3);
        mem(V128_LOAD16X4_S, "v128.load16x4_s", "i:V", 3);
        mem(V128_LOAD16X4_U, "v128.load16x4_u", "i:V", 3);
        mem(V128_LOAD32X2_S, "v128.load32x2_s", "i:V", 3);
        mem(V128_LOAD32X2_U, "v128.load32x2_u", "i:V", 3);
        mem(V128_LOAD8_SPLAT, "v128.load8_splat", "i:V", 0);
        mem(V128_LOAD16_SPLAT, "v128.load16_splat", "i:V", 1);
        mem(V128_LOAD32_SPLAT, "v128.load32_splat", "i:V", 2);
        mem(V128_LOAD64_SPLAT, "v128.load64_splat", "i:V", 3);
        mem(V128_STORE, "v128.store", "iV:", 4);
        op(V128_CONST, "v128.const", Imm.V128, ":V");
        op(I8X16_SHUFFLE, "i8x16.shuffle", Imm.SHUFFLE, "VV:V");
        v(0x0E, "i8x16.swizzle", "VV:V");
        v(0x0F, "i8x16.splat", "i:V");
        v(0x10, "i16x8.splat", "i:V");
        v(0x11, "i32x4.splat", "i:V");
        v(0x12, "i64x2.splat", "I:V");
        v(0x13, "f32x4.splat", "f:V");
        v(0x14, "f64x2.splat", "F:V");
        lane(0x15, "i8x16.extract_lane_s", "V:i");
        lane(0x16, "i8x16.extract_lane_u", "V:i");
        lane(0x17, "i8x16.replace_lane", "Vi:V");
        lane(0x18, "i16x8.extract_lane_s", "V:i");
        lane(0x19, "i16x8.extract_lane_u", "V:i");
        lane(0x1A, "i16x8.replace_lane", "Vi:V");
        lane(0x1B, "i32x4.extract_lane", "V:i");
        lane(0x1C, "i32x4.replace_lane", "Vi:V");
        lane(0x1D, "i64x2.extract_lane", "V:I");
        lane(0x1E, "i64x2.replace_lane", "VI:V");
        lane(0x1F, "f32x4.extract_lane", "V:f");
        lane(0x20, "f32x4.replace_lane", "Vf:V");
        lane(0x21, "f64x2.extract_lane", "V:F");
        lane(0x22, "f64x2.replace_lane", "VF:V");
        String[] icmp = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
        String[] fcmp = {"eq", "ne", "lt", "gt", "le", "ge"};
        vseries(0x23, "i8x16.", "VV:V", icmp);
        vseries(0x2D, "i16x8.", "VV:V", icmp);
        vseries(0x37, "i32x4.", "VV:V", icmp);
        vseries(0x41, "f32x4.", "VV:V", fcmp);
        vseries(0x47, "f64x2.", "VV:V", fcmp);
        v(0x4D, "v128.not", "V:V");
        vseries(0x4E, "v128.", "VV:V", "and", "andnot", "or", "xor");
        v(0x52, "v128.bitselect", "VVV:V");
        v(0x53, "v128.any_true", "V:i");
        memLane(V128_LOAD8_LANE, "v128.load8_lane", "iV:V", 0);
        memLane(V128_LOAD16_LANE, "v128.load16_lane", "iV:V", 1);
        memLane(V128_LOAD32_LANE, "v128.load32_lane", "iV:V", 2);
        memLane(V128_LOAD64_LANE, "v128.load64_lane", "iV:V", 3);
        memLane(V128_STORE8_LANE, "v128.store8_lane", "iV:", 0);
        memLane(V128_STORE16_LANE, "v128.store16_lane", "iV:", 1);
        memLane(V128_STORE32_LANE, "v128.store32_lane", "iV:", 2);
        memLane(V128_STORE64_LANE, "v128.store64_lane", "iV:", 3);
        mem(V128_LOAD32_ZERO, "v128.load32_zero", "i:V", 2);
        mem(V128_LOAD64_ZERO, "v128.load64_zero", "i:V", 3);
        v(0x5E, "f32x4.demote_f64x2_zero", "V:V");
        v(0x5F, "f64x2.promote_low_f32x4", "V:V");
        vseries(0x60, "i8x16.", "V:V", "abs", "neg", "popcnt");
        vseries(0x63, "i8x16.", "V:i", "all_true", "bitmask");
        vseries(0x65, "i8x16.", "VV:V", "narrow_i16x8_s", "narrow_i16x8_u");
        vseries(0x67, "f32x4.", "V:V", "ceil", "floor", "trunc", "nearest");
        vseries(0x6B, "i8x16.", "Vi:V", "shl", "shr_s", "shr_u");
        vseries(0x6E, "i8x16.", "VV:V", "add", "add_sat_s", "add_sat_u", "sub", "sub_sat_s", "sub_sat_u");
        vseries(0x74, "f64x2.", "V:V", "ceil", "floor");
        vseries(0x76, "i8x16.", "VV:V", "min_s", "min_u", "max_s", "max_u");
        v(0x7A, "f64x2.trunc", "V:V");
        v(0x7B, "i8x16.avgr_u", "VV:V");
        vseries(0x7C, "i16x8.", "V:V", "extadd_pairwise_i8x16_s", "extadd_pairwise_i8x16_u");
        vseries(0x7E, "i32x4.", "V:V", "extadd_pairwise_i16x8_s", "extadd_pairwise_i16x8_u");
        vseries(0x80, "i16x8.", "V:V", "abs", "neg");
        v(0x82, "i16x8.q15mulr_sat_s", "VV:V");
        vseries(0x83, "i16x8.", "V:i", "all_true", "bitmask");
        vseries(0x85, "i16x8.", "VV:V", "narrow_i32x4_s", "narrow_i32x4_u");
        vseries(0x87, "i16x8.", "V:V", "extend_low_i8x16_s", "extend_high_i8x16_s", "extend_low_i8x16_u",
                "extend_high_i8x16_u");
        vseries(0x8B, "i16x8.", "Vi:V", "shl", "shr_s", "shr_u");
        vseries(0x8E, "i16x8.", "VV:V", "add", "add_sat_s", "add_sat_u", "sub", "sub_sat_s", "sub_sat_u");
        v(0x94, "f64x2.nearest", "V:V");
        vseries(0x95, "i16x8.", "VV:V", "mul", "min_s", "min_u", "max_s", "max_u");
        v(0x9B, "i16x8.avgr_u", "VV:V");
        vseries(0x9C, "i16x8.", "VV:V", "extmul_low_i8x16_s", "extmul_high_i8x16_s", "extmul_low_i8x16_u",
                "extmul_high_i8x16_u");
        vseries(0xA0, "i32x4.", "V:V", "abs", "neg");
        vseries(0xA3, "i32x4.", "V:i", "all_true", "bitmask");
        vseries(0xA7, "i32x4.", "V:V", "extend_low_i16x8_s", "extend_high_i16x8_s", "extend_low_i16x8_u",
                "extend_high_i16x8_u");
        vseries(0xAB, "i32x4.", "Vi:V", "shl", "shr_s", "shr_u");
        v(0xAE, "i32x4.add", "VV:V");
        v(0xB1, "i32x4.sub", "VV:V");
        vseries(0xB5, "i32x4.", "VV:V", "mul", "min_s", "min_u", "max_s", "max_u", "dot_i16x8_s");
        vseries(0xBC, "i32x4.", "VV:V", "extmul_low_i16x8_s", "extmul_high_i16x8_s", "extmul_low_i16x8_u",
                "extmul_high_i16x8_u");
        vseries(0xC0, "i64x2.", "V:V", "abs", "neg");
        vseries(0xC3, "i64x2.", "V:i", "all_true", "bitmask");
        vseries(0xC7, "i64x2.", "V:V", "extend_low_i32x4_s", "extend_high_i32x4_s", "extend_low_i32x4_u",
                "extend_high_i32x4_u");
        vseries(0xCB, "i64x2.", "Vi:V", "shl", "shr_s", "shr_u");
        v(0xCE, "i64x2.add", "VV:V");
        v(0xD1, "i64x2.sub", "VV:V");
        v(0xD5, "i64x2.mul", "VV:V");
        vseries(0xD6, "i64x2.", "VV:V", "eq", "ne", "lt_s", "gt_s", "le_s", "ge_s");
        vseries(0xDC, "i64x2.", "VV:V", "extmul_low_i32x4_s", "extmul_high_i32x4_s", "extmul_low_i32x4_u",
                "extmul_high_i32x4_u");
        vseries(0xE0, "f32x4.", "V:V", "abs", "neg");
        v(0xE3, "f32x4.sqrt", "V:V");
        vseries(0xE4, "f32x4.", "VV:V", "add", "sub", "mul", "div", "min", "max", "pmin", "pmax");
        vseries(0xEC, "f64x2.", "V:V", "abs", "neg");
        v(0xEF, "f64x2.sqrt", "V:V");
        vseries(0xF0, "f64x2.", "VV:V", "add", "sub", "mul", "div", "min", "max", "pmin", "pmax");
        vseries(0xF8, "", "V:V", "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u", "f32x4.convert_i32x4_s",
                "f32x4.convert_i32x4_u", "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero",
                "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u");
    }

    private static void v(int sub, String name, String sig) {
        op(0xFD00 + sub, name, Imm.NONE, sig);
    }

    private static void lane(int sub, String name, String sig) {
        op(0xFD00 + sub, name, Imm.LANE, sig);
    }

    private static void memLane(int code, String name, String sig, int naturalAlign) {
        define(code, name, Imm.MEMARG_LANE, sig, naturalAlign);
    }

    private static void vseries(int firstSub, String prefix, String sig, String... names) {
        for (int i = 0; i < names.length; i++) v(firstSub + i, prefix + names[i], sig);
    }

    private static void mem(int code, String name, String sig, int naturalAlign) {
        define(code, name, Imm.MEMARG, sig, naturalAlign);
    }

    private static void op(int code, String name, Imm imm, String sig) {
        define(code, name, imm, sig, -1);
    }

    /** Consecutive opcodes with the same signature, e.g. the i32 binary operators from 0x6A on. */
    private static void series(int first, String prefix, String sig, String... names) {
        for (int i = 0; i < names.length; i++) {
            op(first + i, prefix + names[i], Imm.NONE, sig);
        }
    }

    private static void define(int code, String name, Imm imm, String sig, int naturalAlign) {
        ValType[] pops = null;
        ValType[] pushes = null;
        if (sig != null) {
            int colon = sig.indexOf(':');
            pops = types(sig.substring(0, colon));
            pushes = types(sig.substring(colon + 1));
        }
        Info info = new Info(code, name, imm, pops, pushes, naturalAlign);
        Info[] table = code <= 0xFF ? SINGLE : code < 0xFD00 ? PREFIXED_FC : PREFIXED_FD;
        int slot = code <= 0xFF ? code : code < 0xFD00 ? code - 0xFC00 : code - 0xFD00;
        if (table[slot] != null) {
            throw new IllegalStateException("opcode defined twice: " + name);
        }
        table[slot] = info;
    }

    private static ValType[] types(String letters) {
        ValType[] t = new ValType[letters.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = switch (letters.charAt(i)) {
                case 'i' -> ValType.I32;
                case 'I' -> ValType.I64;
                case 'f' -> ValType.F32;
                case 'F' -> ValType.F64;
                case 'V' -> ValType.V128;
                default -> throw new IllegalStateException("bad signature letter in " + letters);
            };
        }
        return t;
    }
}
