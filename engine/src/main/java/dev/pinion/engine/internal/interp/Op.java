package dev.pinion.engine.internal.interp;

/**
 * The internal instruction set the lowerer emits and the interpreter runs. Register style: every operand is a
 * frame-relative slot (locals are slots 0..L-1, the operand stack follows), so there is no runtime stack pointer.
 * Operand layout of each instruction is in the comment beside it; {@code d} = destination slot, {@code a,b,c} =
 * source slots, {@code t} = code index of a branch target.
 */
public final class Op {
    private Op() {}

    public static final int
            UNREACHABLE = 0,      // -
            FUEL = 1,             // cost
            BR = 2,               // t
            BR_IF = 3,            // a t
            BR_UNLESS = 4,        // a t
            BR_TABLE = 5,         // a n t0..t(n-1) tdefault
            RETURN = 6,           // a n         (n results from slot a.. to slot 0..)
            CALL = 7,             // funcidx base  (a function defined by this module)
            CALL_IMPORT = 8,      // funcidx base
            CALL_INDIRECT = 9,    // typeidx tableidx a base
            MOVE = 10,            // d a
            MOVE_N = 11,          // d a n
            SELECT = 12,          // d a b c
            GLOBAL_GET = 13,      // d globalidx
            GLOBAL_SET = 14,      // globalidx a
            I32_CONST = 15,       // d value
            I64_CONST = 16,       // d lo hi
            MEMORY_SIZE = 17,     // d
            MEMORY_GROW = 18,     // d a
            UNARY = 19,           // wasmop d a   (rare ops, semantics in Ops.unary)
            BINARY = 20,          // wasmop d a b (rare ops, semantics in Ops.binary)
            MISC = 21,            // length subop ...  (tables, bulk memory, references: Misc)
            REF_IS_NULL = 22,     // d a
            // loads: d a offset
            I32_LOAD = 23, I64_LOAD = 24, I32_LOAD8_S = 25, I32_LOAD8_U = 26, I32_LOAD16_S = 27,
            I32_LOAD16_U = 28, I64_LOAD8_S = 29, I64_LOAD8_U = 30, I64_LOAD16_S = 31, I64_LOAD16_U = 32,
            I64_LOAD32_S = 33, I64_LOAD32_U = 34,
            // stores: a(address) b(value) offset
            I32_STORE = 35, I64_STORE = 36, I32_STORE8 = 37, I32_STORE16 = 38, I64_STORE8 = 39,
            I64_STORE16 = 40, I64_STORE32 = 41,
            // i32 unary/binary: d a [b]
            I32_EQZ = 42, I32_EQ = 43, I32_NE = 44, I32_LT_S = 45, I32_LT_U = 46, I32_GT_S = 47, I32_GT_U = 48,
            I32_LE_S = 49, I32_LE_U = 50, I32_GE_S = 51, I32_GE_U = 52,
            I64_EQZ = 53, I64_EQ = 54, I64_NE = 55, I64_LT_S = 56, I64_LT_U = 57, I64_GT_S = 58, I64_GT_U = 59,
            I64_LE_S = 60, I64_LE_U = 61, I64_GE_S = 62, I64_GE_U = 63,
            F64_EQ = 64, F64_NE = 65, F64_LT = 66, F64_GT = 67, F64_LE = 68, F64_GE = 69,
            I32_ADD = 70, I32_SUB = 71, I32_MUL = 72, I32_AND = 73, I32_OR = 74, I32_XOR = 75, I32_SHL = 76,
            I32_SHR_S = 77, I32_SHR_U = 78,
            I64_ADD = 79, I64_SUB = 80, I64_MUL = 81, I64_AND = 82, I64_OR = 83, I64_XOR = 84, I64_SHL = 85,
            I64_SHR_S = 86, I64_SHR_U = 87,
            F64_ADD = 88, F64_SUB = 89, F64_MUL = 90, F64_DIV = 91,
            I32_WRAP_I64 = 92, I64_EXTEND_I32_S = 93, I64_EXTEND_I32_U = 94,
            I32_ADD_IMM = 95,     // d a imm
            // fused compare + branch: a b t
            BR_IF_I32_EQ = 96, BR_IF_I32_NE = 97, BR_IF_I32_LT_S = 98, BR_IF_I32_LT_U = 99, BR_IF_I32_GT_S = 100,
            BR_IF_I32_GT_U = 101, BR_IF_I32_LE_S = 102, BR_IF_I32_LE_U = 103, BR_IF_I32_GE_S = 104,
            BR_IF_I32_GE_U = 105,
            BR_IF_I32_EQZ = 106,  // a t  (branch if a == 0)
            // loads and stores whose address is an i32.add of two slots (the add folded in): load d a b offset,
            // store a b v offset; the address is (i32) (a + b), wrapping, then offset is added as usual
            I32_LOAD_ADD = 107, I64_LOAD_ADD = 108, I32_LOAD8_U_ADD = 109, I32_LOAD8_S_ADD = 110,
            I32_LOAD16_U_ADD = 111, I32_STORE_ADD = 112, I64_STORE_ADD = 113, I32_STORE8_ADD = 114,
            // d a b: frequent enough in real code to skip the second dispatch of UNARY/BINARY
            I32_DIV_S = 115, I32_DIV_U = 116, I32_REM_S = 117, I32_REM_U = 118, I32_ROTL = 119, I32_ROTR = 120,
            F32_ADD = 121, F32_SUB = 122, F32_MUL = 123, F32_DIV = 124,
            F64_MUL_ADD = 125,    // d a b c: d = a * b + c, two roundings as in Wasm (an f64.mul feeding f64.add)
            V128 = 126,           // length sub operands...: SIMD, semantics in Simd (sub = the 0xFD sub-opcode)
            // cost: a loop header in code prepared for tiering (tier2.LoopHeaders): FUEL that also counts the
            // function's hotness; every back-edge branches to it (a plain target) instead of charging the cost itself
            LOOP = 127;

    /**
     * Sub-opcode of {@link #V128} beyond the 0xFD table: {@code select} of two v128 operands (d a b c), since
     * {@link #SELECT} moves one slot.
     */
    public static final int V_SELECT = 0x100;

    /** Sub-opcodes of {@link #MISC}; operands follow the sub-opcode. */
    public static final int
            M_REF_FUNC = 0,       // d funcidx
            M_GLOBAL_GET_REF = 1, // d globalidx
            M_GLOBAL_SET_REF = 2, // globalidx a
            M_TABLE_GET = 3,      // tableidx d a
            M_TABLE_SET = 4,      // tableidx a(index) b(ref)
            M_TABLE_SIZE = 5,     // tableidx d
            M_TABLE_GROW = 6,     // tableidx d a(init) b(n)
            M_TABLE_FILL = 7,     // tableidx a(i) b(ref) c(n)
            M_TABLE_COPY = 8,     // dsttable srctable a(d) b(s) c(n)
            M_TABLE_INIT = 9,     // tableidx elemidx a(d) b(s) c(n)
            M_ELEM_DROP = 10,     // elemidx
            M_MEMORY_INIT = 11,   // dataidx a(d) b(s) c(n)
            M_DATA_DROP = 12,     // dataidx
            M_MEMORY_COPY = 13,   // a(d) b(s) c(n)
            M_MEMORY_FILL = 14,   // a(d) b(value) c(n)
            M_GLOBAL_GET_V128 = 15, // d globalidx
            M_GLOBAL_SET_V128 = 16; // globalidx a

    /**
     * The length in ints of the instruction at {@code pc}. Here, with the layouts, rather than in tier 2's
     * compiler, which used to hold it: tiering's first entry of a function with a loop walks its code with this
     * (tier2.LoopHeaders), and reaching it through the compiler class ran that class's initialiser at start-up
     * (its descriptors, its helper table, a reflective look at Ops' methods), ~30 ms of Yosys's `-V` before
     * anything was compiled.
     */
    public static int length(int[] code, int pc) {
        int op = code[pc];
        return switch (op) {
            case UNREACHABLE -> 1;
            case FUEL, LOOP, BR, MEMORY_SIZE -> 2;
            case BR_IF, BR_UNLESS, RETURN, CALL, CALL_IMPORT, MOVE, GLOBAL_GET, GLOBAL_SET,
                 I32_CONST, MEMORY_GROW, REF_IS_NULL, I32_EQZ, I64_EQZ, I32_WRAP_I64,
                 I64_EXTEND_I32_S, I64_EXTEND_I32_U, BR_IF_I32_EQZ -> 3;
            case MOVE_N, I64_CONST, UNARY, I32_ADD_IMM -> 4;
            case CALL_INDIRECT, SELECT, BINARY, F64_MUL_ADD -> 5;
            case BR_TABLE -> code[pc + 2] + 4;
            case MISC, V128 -> code[pc + 1];
            default -> {
                if (op >= I32_LOAD && op <= I64_STORE32) yield 4;
                if (op >= I32_LOAD_ADD && op <= I32_STORE8_ADD) yield 5;
                if (op >= I32_EQ && op <= F64_DIV || op >= BR_IF_I32_EQ && op <= BR_IF_I32_GE_U
                        || op >= I32_DIV_S && op <= F32_DIV) yield 4;
                throw new IllegalStateException("unknown internal opcode " + op + " at " + pc);
            }
        };
    }
}
