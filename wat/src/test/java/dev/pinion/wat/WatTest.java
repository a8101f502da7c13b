package dev.pinion.wat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.WasmModule;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Text in, binary out: abbreviations expand to what their long forms say, and the engine runs the result. */
class WatTest {

    private static byte[] bin(String text) throws WatException {
        return Wat.toBinary(text);
    }

    private static Instance run(String text) throws WatException {
        return WasmModule.compile(bin(text)).instantiate(Imports.NONE);
    }

    @Test
    void emptyModule_isHeaderOnly_inEveryForm() throws WatException {
        byte[] header = {0, 'a', 's', 'm', 1, 0, 0, 0};
        assertArrayEquals(header, bin(""));
        assertArrayEquals(header, bin("(module)"));
        assertArrayEquals(header, bin("(module $m)"));
        assertArrayEquals(header, bin("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"));
        assertArrayEquals(header, bin("(module quote \"\")"));
    }

    @Test
    void foldedAndFlat_encodeTheSame() throws WatException {
        String flat = "(module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add"
                + " block (result i32) i32.const 1 end i32.add if (result i32) i32.const 2 else i32.const 3 end))";
        String folded = "(module (func (param $a i32) (param $b i32) (result i32)"
                + " (if (result i32) (i32.add (i32.add (local.get $a) (local.get $b)) (block (result i32) (i32.const 1)))"
                + " (then (i32.const 2)) (else (i32.const 3)))))";
        assertArrayEquals(bin(flat), bin(folded));
    }

    @Test
    void inlineExportsImportsAndTypeUses_expandToTheLongForms() throws WatException {
        String abbreviated = "(module (func $f (export \"f\") (export \"g\") (import \"m\" \"f\") (param i32))"
                + " (memory (export \"mem\") (data \"hi\")) (table funcref (elem $f $f)))";
        String expanded = "(module (type (func (param i32))) (import \"m\" \"f\" (func $f (type 0)))"
                + " (memory 1 1) (table 2 2 funcref)"
                + " (export \"f\" (func $f)) (export \"g\" (func $f)) (export \"mem\" (memory 0))"
                + " (elem (i32.const 0) $f $f) (data (i32.const 0) \"hi\"))";
        assertEquals(HexFormat.of().formatHex(bin(expanded)), HexFormat.of().formatHex(bin(abbreviated)));
    }

    @Test
    void identifiersResolve_forwardReferencesToo() throws WatException {
        Instance i = run("(module"
                + " (func (export \"run\") (result i32) (call $double (global.get $g)))"
                + " (func $double (param $x i32) (result i32) (i32.mul (local.get $x) (i32.const 2)))"
                + " (global $g i32 (i32.const 21)))");
        assertEquals(42, i.function("run").call()[0]);
    }

    @Test
    void labels_innermostOfTheSameNameWins() throws WatException {
        Instance i = run("(module (func (export \"f\") (result i32)"
                + " (block $l (result i32) (block $l (result i32) (br $l (i32.const 1))) (drop) (i32.const 2))))");
        assertEquals(2, i.function("f").call()[0]);
    }

    @Test
    void stringsAndFloats_reachMemoryAndResultsBitExact() throws WatException {
        Instance i = run("(module (memory 1) (data (i32.const 0) \"\\00\\ff\\u{1F600}\\t\")"
                + " (func (export \"b\") (param i32) (result i32) (i32.load8_u (local.get 0)))"
                + " (func (export \"nan\") (result f32) (f32.const -nan:0x123)))");
        assertEquals(0xff, i.function("b").call(1)[0]);
        assertEquals(0xf0, i.function("b").call(2)[0]); // U+1F600 as UTF-8: f0 9f 98 80
        assertEquals(0x09, i.function("b").call(6)[0]);
        assertEquals(0xff800123L, i.function("nan").call()[0] & 0xffffffffL);
    }

    @Test
    void commentsAndAnnotations_areIgnored() throws WatException {
        assertArrayEquals(bin("(module (func))"),
                bin(";; line\n(module (; block (; nested ;) ;) (@custom \"x\" \"y\") (func (@name \"f\")))"));
    }

    @Test
    void wasm30Lexical_crEndsLineComments_annotationsHoldReservedTokens_quotedIds() throws WatException {
        assertArrayEquals(bin("(module (func (nop)))"), bin("(module (func ;; comment\r (nop)))"));
        assertArrayEquals(bin("(module (func))"), bin("(module (@a , ; ] [ }} {x ({) (@) @x) (func))"));
        Instance i = run("(module (func $\"my func\" (result i32) (i32.const 5))"
                + " (func (export \"f\") (result i32) (call $\"my func\")))");
        assertEquals(5, i.function("f").call()[0]);
    }

    @Test
    void sizesAndOffsets_areU64InTheText_theEngineJudgesTheRange() throws WatException {
        byte[] memory = bin("(module (memory 0x1_0000_0000))");
        // memory section: 1 memory, flags 0, then 2^32 as a 5-byte LEB128: the engine's decoder, not the parser, rejects it
        assertEquals("050701008080808010", HexFormat.of().formatHex(memory, 8, memory.length));
        assertThrows(dev.pinion.engine.MalformedModuleException.class, () -> WasmModule.compile(memory));
    }
}
