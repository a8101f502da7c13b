package dev.pinion.wat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed text: the error says where (line:column) and what was wrong or expected. */
class WatErrorTest {

    private static WatException error(String text) {
        return assertThrows(WatException.class, () -> Wat.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(module (func i32.ad))|1:15|unknown operator i32.ad",
            "(module\\n  (func (result i32)\\n    (i32.const 0x1_0000_0000)))|3:16|i32 constant out of range: 0x1_0000_0000",
            "(module (func (local.get $x)))|1:26|unknown local $x",
            "(module (func (br $l)))|1:19|unknown label $l",
            "(module (func block $a end $b))|1:28|mismatching label $b (the block is $a)",
            "(module (func (call $f)))|1:21|unknown func $f",
            "(module (func $f) (func $f))|1:25|duplicate func $f",
            "(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))|1:42|alignment must be a power of two, got 3",
            "(module (func) (import \"m\" \"f\" (func)))|1:16|import after a function, table, memory or global definition",
            "(module (func (f32.const nan:0x80_0000)))|1:26|f32 constant out of range: NaN payload must be 1 .. 2^23-1: nan:0x80_0000",
            "(module (type (func)) (func (type 0) (param i32)))|1:29|inline function type does not match the type 0 it names",
            "(module (func block))|1:20|unexpected ')': expected 'end' to close the 'block' at 1:15",
            "(module (func (i32.const 1) ))\\n)|2:1|unexpected ')'",
            "(module (data \"\\q\"))|1:16|malformed escape: unknown escape \\q",
            "(module (func (i32.const 0x)))|1:26|unexpected token '0x': expected an i32 literal",
            "(module (export \"\\ff\" (func 0)) (func))|1:17|malformed UTF-8 encoding",
            "(module (func $x\"y\"))|1:15|unknown operator: tokens must be separated by white space (at '\"')",
            "(module (func (; unclosed comment ))|1:15|unclosed block comment: expected ';)'",
            "(module (frob))|1:9|unexpected token '(frob': expected a module field (type, import, func, table, memory, global, export, start, elem, data)"})
    void malformed_lineColumnAndReason(String text, String position, String reason) {
        WatException e = error(text.replace("\\n", "\n"));
        assertEquals(reason, e.reason());
        assertEquals(position, e.line() + ":" + e.column());
        assertEquals(position + ": " + reason, e.getMessage());
    }

    @Test
    void wasm30Features_areNamedNotMalformed() throws WatException {
        UnsupportedFeatureException gc = assertInstanceOf(UnsupportedFeatureException.class,
                error("(module (type (struct (field i32))))"));
        assertEquals(Feature.GC, gc.feature());
        assertTrue(gc.reason().contains("not supported yet (struct type)"), gc.reason());
        UnsupportedFeatureException exn = assertInstanceOf(UnsupportedFeatureException.class,
                error("(module (tag $e))"));
        assertEquals(Feature.EXCEPTIONS, exn.feature());
        // Encodable features are encoded and reported, so the engine decides.
        assertEquals(java.util.Set.of(Feature.TAIL_CALL), Wat.parse("(module (func $f (return_call $f)))").features());
        assertEquals(java.util.Set.of(Feature.MEMORY64), Wat.parse("(module (memory i64 1))").features());
    }
}
