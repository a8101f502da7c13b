package dev.pinion.cli;

import dev.pinion.wat.Wat;
import dev.pinion.wat.WatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Module files in the text format. Like wasmtime, a module file may be WAT: one named {@code .wat} or
 * {@code .wast}, or one whose content starts like text ({@code (} or a comment) rather than with the binary
 * magic {@code \0asm}. Anything else stays binary, so a corrupt binary still gets the decoder's "magic header
 * not detected at byte offset 0", not a text error. This class is the only door to the parser, so a binary
 * module never loads it (callers test the magic first; the parser's exceptions are caught here, not in the
 * caller, because a catch clause would make the JVM load them with the caller).
 */
final class TextModuleInput {
    private TextModuleInput() {}

    static boolean isBinary(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
    }

    /** Whether a file that is not binary Wasm should be read as text (see the class comment). */
    static boolean isText(Path path, byte[] bytes) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".wat") || name.endsWith(".wast")) return true;
        for (byte b : bytes) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
            return b == '(' || b == ';';
        }
        return false;
    }

    /**
     * The binary encoding of the text module in {@code bytes}, or null after passing one line to {@code error}:
     * {@code FILE:LINE:COLUMN: malformed text: REASON}.
     */
    static byte[] toBinary(Path path, byte[] bytes, Consumer<String> error) {
        try {
            return Wat.toBinary(new String(bytes, StandardCharsets.UTF_8));
        } catch (WatException e) {
            error.accept(path + ":" + e.line() + ":" + e.column() + ": malformed text: " + e.reason());
            return null;
        }
    }
}
