package dev.pinion.wat.internal;

import java.util.List;

/**
 * The text format read as S-expressions: lists, atoms (keywords, identifiers, numbers) and strings. Every node
 * keeps its offset in the source so errors can say line and column.
 */
public sealed interface Sexp permits Sexp.Atom, Sexp.Str, Sexp.Lst {
    int pos();

    /** A keyword, number, identifier ({@code $x}) or reserved token, as written (a quoted id is unquoted). */
    record Atom(String text, int pos) implements Sexp {
        public boolean isId() {
            return text.startsWith("$");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A string literal with its escapes resolved to bytes. */
    record Str(byte[] bytes, int pos) implements Sexp {
        @Override
        public String toString() {
            return "\"" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8) + "\"";
        }
    }

    /** A parenthesised list; {@code end} is the offset of its closing parenthesis. */
    record Lst(List<Sexp> items, int pos, int end) implements Sexp {
        /** The keyword the list starts with, or "" (e.g. {@code "module"} for {@code (module ...)}). */
        public String head() {
            return !items.isEmpty() && items.get(0) instanceof Atom a && !a.isId() ? a.text() : "";
        }

        public boolean is(String keyword) {
            return head().equals(keyword);
        }

        @Override
        public String toString() {
            return "(" + head() + " ...)";
        }
    }
}
