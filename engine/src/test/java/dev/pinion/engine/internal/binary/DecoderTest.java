package dev.pinion.engine.internal.binary;

import static dev.pinion.engine.internal.binary.TestBytes.b;
import static dev.pinion.engine.internal.binary.TestBytes.module;
import static dev.pinion.engine.internal.binary.TestBytes.section;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.Code;
import dev.pinion.engine.internal.model.ConstExpr;
import dev.pinion.engine.internal.model.DataSegment;
import dev.pinion.engine.internal.model.ElementSegment;
import dev.pinion.engine.internal.model.Export;
import dev.pinion.engine.internal.model.ModuleInfo;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderTest {

    static String reason(byte[] bytes) {
        return assertThrows(MalformedModuleException.class, () -> Decoder.decode(bytes)).reason();
    }

    @Test
    void emptyModule_decodes() {
        ModuleInfo m = Decoder.decode(module());
        assertTrue(m.types().isEmpty());
        assertEquals(-1, m.start());
        assertEquals(-1, m.dataCount());
    }

    @Test
    void functionWithLocalsAndBody() {
        byte[] bytes = module(
                section(0x01, 0x01,                 // type section, 1 type
                        0x60, 0x02, 0x7F, 0x7F,     //   func (param i32 i32)
                        0x01, 0x7F),                //   (result i32)
                section(0x03, 0x01, 0x00),          // function section: 1 function of type 0
                section(0x07, 0x01,                 // export section, 1 export
                        0x03, 0x61, 0x64, 0x64,     //   name "add"
                        0x00, 0x00),                //   func 0
                section(0x0A, 0x01,                 // code section, 1 body
                        0x0B,                       //   body size 11
                        0x02, 0x02, 0x7E, 0x01, 0x7D, //   locals: 2 x i64, 1 x f32
                        0x20, 0x00, 0x20, 0x01,     //   local.get 0, local.get 1
                        0x6A, 0x0B));               //   i32.add, end
        ModuleInfo m = Decoder.decode(bytes);
        assertEquals(List.of(ValType.I32, ValType.I32), m.types().get(0).params());
        assertArrayEquals(new int[] {0}, m.funcTypeIndices());
        assertEquals(new Export("add", Export.FUNC, 0, m.exports().get(0).offset()), m.exports().get(0));
        Code code = m.codes().get(0);
        assertArrayEquals(new ValType[] {ValType.I64, ValType.I64, ValType.F32}, code.locals());
        assertEquals(0x6A, bytes[code.bodyEnd() - 2]);
        assertEquals(0x0B, bytes[code.bodyEnd() - 1]);
        assertEquals(0x20, bytes[code.bodyStart()]);
    }

    @Test
    void importsOfEveryKind() {
        byte[] bytes = module(
                section(0x01, 0x01, 0x60, 0x00, 0x00),  // type section: type 0 = [] -> []
                section(0x02, 0x04,                     // import section, 4 imports
                        0x01, 0x6D, 0x01, 0x66, 0x00, 0x00,             // "m" "f" func, type 0
                        0x01, 0x6D, 0x01, 0x74, 0x01, 0x70, 0x01, 0x01, 0x02, // "m" "t" table funcref min 1 max 2
                        0x01, 0x6D, 0x01, 0x6D, 0x02, 0x00, 0x01,       // "m" "m" memory min 1
                        0x01, 0x6D, 0x01, 0x67, 0x03, 0x7E, 0x01));     // "m" "g" global mut i64
        ModuleInfo m = Decoder.decode(bytes);
        assertEquals(4, m.imports().size());
        assertEquals(0, m.imports().get(0).typeIndex());
        ExternType.Table t = (ExternType.Table) m.imports().get(1).type();
        assertEquals(ValType.FUNCREF, t.elementType());
        assertEquals(2, t.limits().max());
        assertEquals(1, ((ExternType.Memory) m.imports().get(2).type()).limits().min());
        assertEquals(new ExternType.Global(ValType.I64, true), m.imports().get(3).type());
    }

    @Test
    void elementSegments_allEncodingsBecomeExpressions() {
        byte[] bytes = module(
                b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00),        // type 0: [] -> []
                b(0x03, 0x02, 0x01, 0x00),                    // 1 function
                b(0x04, 0x04, 0x01, 0x70, 0x00, 0x01),        // table funcref min 1
                section(0x09, 0x03,                           // element section, 3 segments
                        0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,   //   flags 0: offset (i32.const 0), funcs [0]
                        0x01, 0x00, 0x01, 0x00,               //   flags 1: passive, elemkind 0, funcs [0]
                        0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B),  //   flags 5: passive funcref, [ref.null func]
                b(0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B));       // code: one empty body
        ModuleInfo m = Decoder.decode(bytes);
        ElementSegment active = m.elements().get(0);
        assertEquals(ElementSegment.Mode.ACTIVE, active.mode());
        assertEquals(Opcodes.I32_CONST, active.tableOffset().instrs().get(0).opcode());
        assertEquals(new ConstExpr.Instr(Opcodes.REF_FUNC, 0, active.init().get(0).offset()),
                active.init().get(0).instrs().get(0));
        assertEquals(ElementSegment.Mode.PASSIVE, m.elements().get(1).mode());
        ConstExpr nullRef = m.elements().get(2).init().get(0);
        assertEquals(Opcodes.REF_NULL, nullRef.instrs().get(0).opcode());
        assertEquals(ValType.FUNCREF.code(), nullRef.instrs().get(0).imm());
    }

    @Test
    void dataSegments_activeAndPassive_withDataCount() {
        byte[] bytes = module(
                b(0x05, 0x03, 0x01, 0x00, 0x01),              // memory min 1
                b(0x0C, 0x01, 0x02),                          // data count 2
                b(0x0B, 0x0B, 0x02,                           // data section, 11 bytes, 2 segments
                        0x00, 0x41, 0x10, 0x0B, 0x02, 0x61, 0x62, // active at i32.const 16: "ab"
                        0x01, 0x01, 0x63));                   // passive: "c"
        ModuleInfo m = Decoder.decode(bytes);
        assertEquals(2, m.dataCount());
        DataSegment d0 = m.datas().get(0);
        assertTrue(d0.active());
        assertEquals(0x10, d0.memOffset().instrs().get(0).imm());
        assertEquals('a', bytes[d0.dataOffset()]);
        assertEquals(2, d0.dataLength());
        assertEquals('c', bytes[m.datas().get(1).dataOffset()]);
    }

    @Test
    void customAndNameSections() {
        byte[] bytes = module(
                b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00),        // type 0
                b(0x03, 0x02, 0x01, 0x00),                    // 1 function
                b(0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B),        // empty body
                section(0x00,                                 // custom section
                        0x04, 0x6E, 0x61, 0x6D, 0x65,         //   name "name"
                        0x00, 0x02, 0x01, 0x4D,               //   subsection 0 (module name), size 2: "M"
                        0x01, 0x05, 0x01, 0x00, 0x02, 0x66, 0x30, //   subsection 1, size 5: func 0 = "f0"
                        0x07, 0x00),                          //   subsection 7 (skipped), size 0
                b(0x00, 0x04, 0x01, 0x78, 0xAA, 0xBB));       // custom "x" with payload AA BB
        ModuleInfo m = Decoder.decode(bytes);
        assertEquals("M", m.moduleName());
        assertEquals("f0", m.functionNames().get(0));
        assertEquals(2, m.customSections().size());
        var x = m.customSections().get(1);
        assertEquals("x", x.name());
        assertEquals(2, x.size());
        assertEquals((byte) 0xAA, bytes[x.offset()]);
    }

    @Test
    void malformedNameSection_isIgnored() {
        byte[] bytes = module(section(0x00,                   // custom section
                0x04, 0x6E, 0x61, 0x6D, 0x65,                 //   name "name"
                0x00, 0x05, 0x01));                           //   subsection 0 claims 5 bytes, has 1
        ModuleInfo m = Decoder.decode(bytes);
        assertNull(m.moduleName());
        assertEquals(1, m.customSections().size());
    }

    @Test
    void preamble_errors() {
        assertEquals("unexpected end", reason(b()));
        assertEquals("unexpected end", reason(b(0x00, 0x61, 0x73)));
        assertEquals("magic header not detected", reason(b(0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00)));
        assertEquals("unexpected end", reason(b(0x00, 0x61, 0x73, 0x6D, 0x01)));
        assertEquals("unknown binary version", reason(b(0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00)));
    }

    @Test
    void section_errors() {
        assertEquals("malformed section id", reason(module(b(0x0D, 0x00))));
        assertEquals("length out of bounds", reason(module(b(0x01, 0x05, 0x00))));            // 5 bytes claimed, 1 given
        assertEquals("section size mismatch", reason(module(b(0x01, 0x02, 0x00, 0x00))));     // 0 types, 1 byte left over
        assertEquals("unexpected content after last section",
                reason(module(b(0x03, 0x01, 0x00), b(0x01, 0x01, 0x00))));                   // function before type
        assertEquals("unexpected content after last section",
                reason(module(b(0x08, 0x01, 0x00), b(0x08, 0x01, 0x00))));                   // two start sections
        assertEquals("malformed import kind",
                reason(module(b(0x02, 0x05, 0x01, 0x00, 0x00, 0x04, 0x00))));                // kind 4
        assertEquals("malformed mutability",
                reason(module(b(0x06, 0x05, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B))));          // mut byte 2
        assertEquals("malformed reference type",
                reason(module(b(0x04, 0x04, 0x01, 0x7F, 0x00, 0x01))));                      // table of i32
    }

    @Test
    void functionAndCodeCounts_mustAgree() {
        assertEquals("function and code section have inconsistent lengths", reason(module(
                b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00),
                b(0x03, 0x02, 0x01, 0x00))));                                                // no code section
    }

    @Test
    void body_errors() {
        byte[] type = b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00);
        byte[] func = b(0x03, 0x02, 0x01, 0x00);
        assertEquals("illegal opcode", reason(module(type, func,
                b(0x0A, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0B))));                             // opcode 0x06
        assertEquals("zero byte expected", reason(module(type, func,
                b(0x0A, 0x07, 0x01, 0x05, 0x00, 0x3F, 0x01, 0x1A, 0x0B))));                 // memory.size 1
        assertEquals("too many locals", reason(module(type, func,
                b(0x0A, 0x0A, 0x01, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B)))); // 2^32-1 i32 locals
        assertEquals("END opcode expected", reason(module(type, func,
                b(0x0A, 0x04, 0x01, 0x02, 0x00, 0x05), b(0x00, 0x01, 0x00))));               // else outside if
        assertEquals("unexpected end of section or function", reason(module(type, func,
                b(0x0A, 0x04, 0x01, 0x02, 0x00, 0x01))));                                   // nop, no end, at EOF
        assertEquals("data count section required", reason(module(type, func,
                b(0x05, 0x03, 0x01, 0x00, 0x01),                                             // memory
                b(0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B),                     // data.drop 0
                b(0x0B, 0x03, 0x01, 0x01, 0x00))));                                         // one passive segment
    }

    @Test
    void hugeCounts_failBeforeAllocating() {
        // Type section claiming 2^32-1 types in 6 bytes, and a body claiming 2^32-1 runs of locals.
        assertEquals("length out of bounds", reason(module(b(0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60))));
        assertEquals("length out of bounds", reason(module(
                b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00), b(0x03, 0x02, 0x01, 0x00),
                b(0x0A, 0x08, 0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B))));
    }

    @Test
    void manyFunctionsWithManyLocals_stayCompact() {
        // 20,000 functions, each "06 01 D0 86 03 7F 0B": one run of 50,000 i32 locals, then end. Expanded, that would be
        // a billion locals (gigabytes) from a 140 KB module; kept as runs it is a few bytes per function.
        int n = 20_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module(section(0x01, 0x01, 0x60, 0x00, 0x00)));        // type 0: [] -> []
        byte[] funcs = new byte[n];                                           // all of type 0
        writeSection(out, 0x03, concat(leb(n), funcs));
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        bodies.writeBytes(leb(n));
        for (int i = 0; i < n; i++) {
            bodies.writeBytes(b(0x06,                                         // body size 6
                    0x01, 0xD0, 0x86, 0x03, 0x7F,                             // 1 run: 50,000 x i32
                    0x0B));                                                   // end
        }
        writeSection(out, 0x0A, bodies.toByteArray());
        ModuleInfo m = Decoder.decode(out.toByteArray());
        assertEquals(n, m.codes().size());
        assertEquals(Decoder.MAX_LOCALS, m.codes().get(n - 1).localCount());
        assertEquals(ValType.I32, m.codes().get(0).localType(Decoder.MAX_LOCALS - 1));
        dev.pinion.engine.internal.validate.Validator.validate(m);
    }

    @Test
    void localsOverTheCap_areTooMany() {
        assertEquals("too many locals", reason(module(
                section(0x01, 0x01, 0x60, 0x00, 0x00), section(0x03, 0x01, 0x00),
                section(0x0A, 0x01, 0x08,                                     // one body of 8 bytes
                        0x02, 0xD0, 0x86, 0x03, 0x7F,                         //   50,000 x i32
                        0x01, 0x7E,                                           //   1 x i64: one too many
                        0x0B))));
    }

    @Test
    void functionTypeArity_isCapped() {
        byte[] thousand = new byte[Decoder.MAX_PARAMS];
        java.util.Arrays.fill(thousand, (byte) 0x7F);
        // type section: 1 type, 0x60, 1000 x i32 params, 0 results -- accepted
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        ok.writeBytes(module());
        writeSection(ok, 0x01, concat(concat(b(0x01, 0x60), concat(leb(1000), thousand)), b(0x00)));
        assertEquals(1000, Decoder.decode(ok.toByteArray()).types().get(0).params().size());
        // the same with 1001 results
        ByteArrayOutputStream tooMany = new ByteArrayOutputStream();
        tooMany.writeBytes(module());
        writeSection(tooMany, 0x01, concat(b(0x01, 0x60, 0x00), concat(leb(1001), concat(thousand, b(0x7F)))));
        assertEquals("too many results", reason(tooMany.toByteArray()));
    }

    private static byte[] leb(int v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int x = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, r, a.length, c.length);
        return r;
    }

    private static void writeSection(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.writeBytes(leb(content.length));
        out.writeBytes(content);
    }

    @Test
    void simdInstructions_decodeWithTheirImmediates() {
        // v128.const (0xFD 0x0C + 16 bytes) then drop
        byte[] body = new byte[] {0x00, (byte) 0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                0x1A, 0x0B};
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.writeBytes(b(0x0A, body.length + 2, 0x01, body.length));
        code.writeBytes(body);
        ModuleInfo m = Decoder.decode(module(b(0x01, 0x04, 0x01, 0x60, 0x00, 0x00), b(0x03, 0x02, 0x01, 0x00),
                code.toByteArray()));
        assertEquals(1, m.codes().size());
    }
}
