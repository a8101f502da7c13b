package dev.pinion.engine.internal.validate;

import static dev.pinion.engine.internal.binary.TestBytes.codeSection;
import static dev.pinion.engine.internal.binary.TestBytes.module;
import static dev.pinion.engine.internal.binary.TestBytes.section;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.internal.binary.Decoder;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static final int I32 = 0x7F, I64 = 0x7E, END = 0x0B;

    /** Type section: type 0 = [] -> [], type 1 = [] -> [i32], type 2 = [] -> [i32 i32], type 3 = [i32] -> [i32]. */
    private static final byte[] TYPES = section(0x01, 0x04,
            0x60, 0x00, 0x00,
            0x60, 0x00, 0x01, I32,
            0x60, 0x00, 0x02, I32, I32,
            0x60, 0x01, I32, 0x01, I32);

    /** Function section with one function of the given type. */
    private static byte[] oneFunction(int type) {
        return section(0x03, 0x01, type);
    }

    private static void valid(byte[] module) {
        assertDoesNotThrow(() -> Validator.validate(Decoder.decode(module)));
    }

    private static String invalid(byte[] module) {
        return assertThrows(InvalidModuleException.class, () -> Validator.validate(Decoder.decode(module))).reason();
    }

    /** A module with one function of type {@code type} and the given locals+body. */
    private static byte[] func(int type, int... localsAndCode) {
        return module(TYPES, oneFunction(type), codeSection(localsAndCode));
    }

    @Test
    void multiValueBlock_withTypeIndex() {
        valid(func(1,
                0x00,                   // no locals
                0x02, 0x02,             // block (type 2): [] -> [i32 i32]
                0x41, 0x01,             //   i32.const 1
                0x41, 0x02,             //   i32.const 2
                END,
                0x6A,                   // i32.add
                END));
    }

    @Test
    void blockParameters_areTakenFromTheStack() {
        valid(func(1,
                0x00,
                0x41, 0x05,             // i32.const 5
                0x02, 0x03,             // block (type 3): [i32] -> [i32]
                0x41, 0x01, 0x6A,       //   i32.const 1, i32.add
                END,
                END));
        assertEquals("type mismatch", invalid(func(1,
                0x00,
                0x02, 0x03,             // block (type 3) with no i32 on the stack
                END,
                END)));
    }

    @Test
    void operandTypes_mustMatch() {
        assertEquals("type mismatch", invalid(func(1,
                0x00,
                0x41, 0x00,             // i32.const 0
                0x42, 0x00,             // i64.const 0
                0x6A,                   // i32.add
                END)));
        assertEquals("type mismatch", invalid(func(1, 0x00, END)));                        // missing result
        assertEquals("type mismatch", invalid(func(0, 0x00, 0x41, 0x00, END)));            // extra value
    }

    @Test
    void unreachableCode_isPolymorphic() {
        valid(func(1,
                0x00,
                0x00,                   // unreachable
                0x6A,                   // i32.add on unknown operands
                END));
        valid(func(1, 0x00, 0x41, 0x00, 0x0C, 0x00, 0x1A, 0x1A, 0x41, 0x00, END));         // i32.const 0; br 0; drop; drop; i32.const 0
        assertEquals("type mismatch", invalid(func(1,
                0x00,
                0x00,                   // unreachable
                0x42, 0x00,             // i64.const 0
                0x6A,                   // i32.add: a known i64 is still wrong
                END)));
    }

    @Test
    void ifWithoutElse_mustNotProduceValues() {
        assertEquals("type mismatch", invalid(func(1,
                0x00,
                0x41, 0x01,             // i32.const 1
                0x04, I32,              // if (result i32)
                0x41, 0x02,             //   i32.const 2
                END,                    // no else
                END)));
        valid(func(1, 0x00, 0x41, 0x01, 0x04, I32, 0x41, 0x02, 0x05, 0x41, 0x03, END, END)); // with else
    }

    @Test
    void brTable_targetsMustAgreeOnArity() {
        assertEquals("type mismatch", invalid(func(1,
                0x00,
                0x02, I32,              // block (result i32)   -- label 1
                0x02, 0x40,             //   block               -- label 0
                0x41, 0x00,             //     i32.const 0 (value)
                0x41, 0x00,             //     i32.const 0 (index)
                0x0E, 0x01, 0x00, 0x01, //     br_table [0] default 1
                END,
                0x41, 0x00,
                END,
                END)));
        valid(func(1, 0x00,
                0x02, I32,              // block (result i32)
                0x41, 0x07,             //   i32.const 7
                0x41, 0x00,             //   i32.const 0
                0x0E, 0x01, 0x00, 0x00, //   br_table [0] default 0
                END,
                END));
    }

    @Test
    void indices_areChecked() {
        assertEquals("unknown local 1", invalid(func(0, 0x01, 0x01, I32, 0x20, 0x01, 0x1A, END)));
        assertEquals("unknown label", invalid(func(0, 0x00, 0x0C, 0x01, END)));
        assertEquals("unknown function 5", invalid(func(0, 0x00, 0x10, 0x05, END)));
        assertEquals("unknown global 0", invalid(func(0, 0x00, 0x23, 0x00, 0x1A, END)));
        assertEquals("unknown memory 0", invalid(func(1, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, END)));
        assertEquals("unknown table 0", invalid(func(0, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, END)));
        assertEquals("unknown type 9", invalid(func(0, 0x00, 0x02, 0x09, END, END)));
    }

    @Test
    void alignment_mustNotExceedNatural() {
        byte[] memory = section(0x05, 0x01, 0x00, 0x01);                                   // memory min 1
        assertEquals("alignment must not be larger than natural", invalid(module(TYPES, oneFunction(1), memory,
                codeSection(0x00, 0x41, 0x00, 0x28, 0x03, 0x00, END))));                 // i32.load align=8
        valid(module(TYPES, oneFunction(1), memory, codeSection(0x00, 0x41, 0x00, 0x28, 0x02, 0x00, END)));
    }

    @Test
    void globalSet_onImmutableGlobal_isRejected() {
        byte[] global = section(0x06, 0x01, I32, 0x00, 0x41, 0x00, END);                 // immutable i32 = 0
        assertEquals("global is immutable", invalid(module(TYPES, oneFunction(0), global,
                codeSection(0x00, 0x41, 0x01, 0x24, 0x00, END))));                        // global.set 0
    }

    @Test
    void typedSelect_needsExactlyOneType() {
        assertEquals("invalid result arity", invalid(func(1, 0x00,
                0x41, 0x01, 0x41, 0x02, 0x41, 0x00,
                0x1C, 0x02, I32, I32,   // select (result i32 i32)
                END)));
        valid(func(1, 0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1C, 0x01, I32, END));
    }

    @Test
    void untypedSelect_rejectsReferences() {
        assertEquals("type mismatch", invalid(func(0, 0x00,
                0xD0, 0x70, 0xD0, 0x70, // ref.null func x2
                0x41, 0x00, 0x1B,       // i32.const 0, select
                0x1A, END)));
    }

    @Test
    void refFunc_needsADeclaration() {
        int[] body = {0x00, 0xD2, 0x00, 0x1A, END};                                        // ref.func 0; drop
        assertEquals("undeclared function reference", invalid(func(0, body)));
        byte[] export = section(0x07, 0x01, 0x01, 0x66, 0x00, 0x00);                      // export "f" func 0
        valid(module(TYPES, oneFunction(0), export, codeSection(body)));
    }

    /** A body that pushes a v128.const of 16 zero bytes, then the given code. */
    private static int[] afterV128Const(int... code) {
        int[] body = new int[19 + code.length];
        body[0] = 0x00;                                                                    // no locals
        body[1] = 0xFD;                                                                    // v128.const
        body[2] = 0x0C;                                                                    // 16 zero bytes follow
        System.arraycopy(code, 0, body, 19, code.length);
        return body;
    }

    @Test
    void simd_v128LocalsAndInstructionsAreValid() {
        valid(func(0, 0x01, 0x01, 0x7B, END));                                             // (local v128)
        valid(func(1, afterV128Const(0xFD, 0x15, 15, END)));                               // i8x16.extract_lane_s 15
        valid(func(0, afterV128Const(0x1A, END)));                                         // drop
    }

    @Test
    void simd_laneIndexBeyondTheShape_isInvalid() {
        assertEquals("invalid lane index", invalid(func(1, afterV128Const(0xFD, 0x15, 16, END))));
        assertEquals("invalid lane index", invalid(func(1, afterV128Const(0xFD, 0x1B, 4, END)))); // i32x4.extract_lane 4
        int[] shuffle = new int[21];
        shuffle[0] = 0xFD;
        shuffle[1] = 0x0D;                                                                 // i8x16.shuffle
        shuffle[2 + 15] = 32;                                                              // lane 15 picks byte 32
        shuffle[18] = 0x1A;
        shuffle[19] = 0x1A;
        shuffle[20] = END;
        int[] twoConsts = afterV128Const(0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        int[] body = java.util.Arrays.copyOf(twoConsts, twoConsts.length + shuffle.length);
        System.arraycopy(shuffle, 0, body, twoConsts.length, shuffle.length);
        assertEquals("invalid lane index", invalid(func(0, body)));
    }

    @Test
    void simd_operandTypesAreChecked() {
        // i32x4.extract_lane 0 leaves an i32: returning it from a [] -> [] function is a mismatch
        assertEquals("type mismatch", invalid(func(0, afterV128Const(0xFD, 0x1B, 0, END))));
        // i8x16.add needs two v128 operands
        assertEquals("type mismatch", invalid(func(0, afterV128Const(0xFD, 0x6E, 0x1A, END))));
    }

    @Test
    void operandStack_isCapped() {
        // One body: no locals, then 50,001 x "block (result i32) unreachable end" (each leaves one i32), then end.
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(0x00);
        for (int i = 0; i <= FunctionValidator.MAX_STACK_HEIGHT; i++) body.writeBytes(new byte[] {0x02, I32, 0x00, END});
        body.write(END);
        byte[] code = body.toByteArray();
        java.io.ByteArrayOutputStream section = new java.io.ByteArrayOutputStream();
        section.write(0x01);                    // one body
        section.writeBytes(leb(code.length));   // body size
        section.writeBytes(code);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(module(TYPES, oneFunction(0)));
        bytes.write(0x0A);                      // code section
        bytes.writeBytes(leb(section.size()));
        bytes.writeBytes(section.toByteArray());
        assertEquals("operand stack too deep (more than 50000 values)", invalid(bytes.toByteArray()));
    }

    private static byte[] leb(int v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        do {
            int x = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return out.toByteArray();
    }

    @Test
    void moduleLevelRules() {
        assertEquals("multiple memories", invalid(module(section(0x05, 0x02, 0x00, 0x01, 0x00, 0x01))));
        assertEquals("memory size must be at most 65536 pages (4GiB)",
                invalid(module(section(0x05, 0x01, 0x00, 0x81, 0x80, 0x04))));            // min 65537
        assertEquals("size minimum must not be greater than maximum",
                invalid(module(section(0x04, 0x01, 0x70, 0x01, 0x02, 0x01))));             // table 2..1
        assertEquals("duplicate export name", invalid(module(TYPES, oneFunction(0),
                section(0x07, 0x02, 0x01, 0x61, 0x00, 0x00, 0x01, 0x61, 0x00, 0x00),     // "a" twice
                codeSection(0x00, END))));
        assertEquals("start function", invalid(module(TYPES, oneFunction(1),
                section(0x08, 0x00),                                                      // start = func 0: [] -> [i32]
                codeSection(0x00, 0x41, 0x00, END))));
    }

    @Test
    void constantExpressions() {
        assertEquals("constant expression required", invalid(module(
                section(0x06, 0x01, I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, END))));      // i32.add in init
        assertEquals("type mismatch", invalid(module(
                section(0x06, 0x01, I32, 0x00, 0x42, 0x00, END))));                        // i64 for an i32
        assertEquals("type mismatch", invalid(module(
                section(0x06, 0x01, I32, 0x00, END))));                                    // empty
        assertEquals("unknown global 0", invalid(module(
                section(0x06, 0x02, I32, 0x00, 0x41, 0x00, END, I32, 0x00, 0x23, 0x00, END)))); // defined global
        valid(module(section(0x06, 0x01, I64, 0x01, 0x42, 0x7F, END)));                    // mut i64 = -1
    }
}
