package dev.pinion.wat.internal;

import dev.pinion.wat.WatException;

/** Reads the items of one list left to right, with errors that point at the item (or the list's end). */
final class Cursor {
    final Sexp.Lst list;
    private final Source source;
    private int i;

    Cursor(Sexp.Lst list, int start, Source source) {
        this.list = list;
        this.i = start;
        this.source = source;
    }

    boolean atEnd() {
        return i >= list.items().size();
    }

    Sexp peek() {
        return atEnd() ? null : list.items().get(i);
    }

    Sexp peek(int ahead) {
        int j = i + ahead;
        return j < list.items().size() ? list.items().get(j) : null;
    }

    Sexp next() throws WatException {
        if (atEnd()) throw error("unexpected end of list");
        return list.items().get(i++);
    }

    /** The next item if it is a list starting with {@code keyword}. */
    boolean peekList(String keyword) {
        return peek() instanceof Sexp.Lst l && l.is(keyword);
    }

    boolean peekKeyword(String keyword) {
        return peek() instanceof Sexp.Atom a && a.text().equals(keyword);
    }

    Sexp.Atom peekAtom() {
        return peek() instanceof Sexp.Atom a ? a : null;
    }

    /** Consumes an identifier if one comes next. */
    Sexp.Atom optionalId() {
        if (peek() instanceof Sexp.Atom a && a.isId()) {
            i++;
            return a;
        }
        return null;
    }

    Sexp.Lst nextList(String keyword) throws WatException {
        if (peekList(keyword)) return (Sexp.Lst) list.items().get(i++);
        throw error("expected (" + keyword + " ...)");
    }

    Sexp.Atom nextAtom(String what) throws WatException {
        if (peek() instanceof Sexp.Atom a) {
            i++;
            return a;
        }
        throw error("expected " + what);
    }

    Sexp.Str nextString(String what) throws WatException {
        if (peek() instanceof Sexp.Str s) {
            i++;
            return s;
        }
        throw error("expected " + what + " (a string)");
    }

    void expectEnd() throws WatException {
        if (!atEnd()) throw error("expected ')'");
    }

    /** An error at the next item, or at the closing parenthesis if there is none. */
    WatException error(String expected) {
        Sexp next = peek();
        if (next == null) return source.error(list.end(), "unexpected ')': " + expected);
        return source.error(next.pos(), "unexpected token " + describe(next) + ": " + expected);
    }

    static String describe(Sexp s) {
        return switch (s) {
            case Sexp.Atom a -> "'" + a.text() + "'";
            case Sexp.Str str -> "string " + str;
            case Sexp.Lst l -> l.head().isEmpty() ? "'('" : "'(" + l.head() + "'";
        };
    }
}
