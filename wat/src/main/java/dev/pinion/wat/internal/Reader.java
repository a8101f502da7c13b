package dev.pinion.wat.internal;

import dev.pinion.wat.WatException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads text-format source into S-expressions: the lexical layer of the spec (tokens, strings and their escapes,
 * line and block comments, annotations). Annotations {@code (@id ...)} are skipped as the spec allows, after
 * checking they are well-formed.
 */
public final class Reader {
    private final Source source;
    private final String s;
    private int i;
    /** Inside an annotation, tokens need no separating white space (the spec leaves its content free-form). */
    private int annotationDepth;

    private Reader(Source source) {
        this.source = source;
        this.s = source.text();
    }

    /** All top-level S-expressions of the text. */
    public static List<Sexp> read(Source source) throws WatException {
        Reader r = new Reader(source);
        List<Sexp> out = new ArrayList<>();
        while (true) {
            r.skipSpace();
            if (r.i >= r.s.length()) return out;
            Sexp e = r.next();
            if (e != null) out.add(e);
        }
    }

    /** The next node, or null for a skipped annotation. */
    private Sexp next() throws WatException {
        char c = s.charAt(i);
        if (c == '(') {
            if (annotationDepth == 0 && i + 1 < s.length() && s.charAt(i + 1) == '@') {
                annotation();
                return null;
            }
            int start = i++;
            List<Sexp> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i >= s.length()) throw source.error(start, "unclosed parenthesis: expected ')' before the end of the text");
                if (s.charAt(i) == ')') {
                    return new Sexp.Lst(items, start, i++);
                }
                Sexp e = next();
                if (e != null) items.add(e);
            }
        }
        if (c == ')') throw source.error(i, "unexpected ')'");
        if (c == '"') {
            int start = i;
            byte[] bytes = string();
            checkSeparated(start);
            return new Sexp.Str(bytes, start);
        }
        if (isIdChar(c)) {
            int start = i;
            while (i < s.length() && isIdChar(s.charAt(i))) i++;
            String text = s.substring(start, i);
            if (text.equals("$") && i < s.length() && s.charAt(i) == '"') {
                // Wasm 3.0 quoted identifier: $"any string"
                byte[] name = string();
                checkSeparated(start);
                if (name.length == 0) throw source.error(start, "empty identifier");
                return new Sexp.Atom("$" + Utf8.decode(name, source, start), start);
            }
            if (text.equals("$")) throw source.error(start, "empty identifier");
            checkSeparated(start);
            return new Sexp.Atom(text, start);
        }
        if (annotationDepth > 0 && isReservedChar(c)) {
            // Wasm 3.0 reserves , ; [ ] { } as token characters; only an annotation may contain them.
            int start = i;
            while (i < s.length() && (isIdChar(s.charAt(i)) || isReservedChar(s.charAt(i)))
                    && !s.startsWith(";;", i) && !s.startsWith(";)", i) || i == start) i++;
            return new Sexp.Atom(s.substring(start, i), start);
        }
        throw source.error(i, "unexpected character " + describe(c));
    }

    private static boolean isReservedChar(char c) {
        return ",;[]{}".indexOf(c) >= 0;
    }

    /** Tokens must be separated by white space, a comment or a parenthesis: {@code 0x"1"} is one bad token. */
    private void checkSeparated(int start) throws WatException {
        if (i >= s.length() || annotationDepth > 0) return;
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == ';') return;
        throw source.error(start, "unknown operator: tokens must be separated by white space (at "
                + describe(c) + ")");
    }

    private void annotation() throws WatException {
        int start = i;
        i += 2;
        int idStart = i;
        while (i < s.length() && isIdChar(s.charAt(i))) i++;
        if (i == idStart && (i >= s.length() || s.charAt(i) != '"')) {
            throw source.error(start, "empty annotation id: expected an identifier after '(@'");
        }
        if (i == idStart) {
            int quoted = i;
            byte[] id = string();
            if (id.length == 0) throw source.error(start, "empty annotation id");
            Utf8.decode(id, source, quoted);
        }
        annotationDepth++;
        try {
            while (true) {
                skipSpace();
                if (i >= s.length()) throw source.error(start, "unclosed annotation: expected ')'");
                if (s.charAt(i) == ')') {
                    i++;
                    return;
                }
                next();
            }
        } finally {
            annotationDepth--;
        }
    }

    private void skipSpace() throws WatException {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == ';' && i + 1 < s.length() && s.charAt(i + 1) == ';') {
                // A line comment ends at LF or CR (a lone CR is a newline too).
                while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    char d = s.charAt(i);
                    if (d < 0x20 && d != '\t' && d != '\r') throw source.error(i, "malformed comment: control character " + describe(d));
                    i++;
                }
            } else if (c == '(' && i + 1 < s.length() && s.charAt(i + 1) == ';') {
                blockComment();
            } else if (c == ';' && annotationDepth == 0) {
                throw source.error(i, "unexpected ';' (a line comment starts with ';;')");
            } else {
                return;
            }
        }
    }

    private void blockComment() throws WatException {
        int start = i;
        int depth = 0;
        while (i < s.length()) {
            if (s.startsWith("(;", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith(";)", i)) {
                depth--;
                i += 2;
                if (depth == 0) return;
            } else {
                i++;
            }
        }
        throw source.error(start, "unclosed block comment: expected ';)'");
    }

    private byte[] string() throws WatException {
        int start = i++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (i >= s.length()) throw source.error(start, "unclosed string: expected '\"'");
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return out.toByteArray();
            }
            if (c < 0x20 || c == 0x7f) throw source.error(i, "malformed string: control character " + describe(c) + " must be escaped");
            if (c != '\\') {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                Utf8.encode(cp, out);
                continue;
            }
            int esc = i++;
            if (i >= s.length()) throw source.error(start, "unclosed string: expected '\"'");
            char e = s.charAt(i++);
            switch (e) {
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case '"' -> out.write('"');
                case '\'' -> out.write('\'');
                case '\\' -> out.write('\\');
                case 'u' -> {
                    if (i >= s.length() || s.charAt(i) != '{') throw source.error(esc, "malformed escape: expected '\\u{' and hex digits");
                    int close = s.indexOf('}', i);
                    if (close < 0) throw source.error(esc, "malformed escape: expected '}'");
                    String hex = s.substring(i + 1, close);
                    long cp = Numbers.hexDigitsOrMinus(hex);
                    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
                        throw source.error(esc, "malformed escape: \\u{" + hex + "} is not a Unicode scalar value");
                    }
                    Utf8.encode((int) cp, out);
                    i = close + 1;
                }
                default -> {
                    if (hex(e) >= 0 && i < s.length() && hex(s.charAt(i)) >= 0) {
                        out.write(hex(e) * 16 + hex(s.charAt(i++)));
                    } else {
                        throw source.error(esc, "malformed escape: unknown escape \\" + e);
                    }
                }
            }
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    static boolean isIdChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        return "!#$%&'*+-./:<=>?@\\^_`|~".indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
