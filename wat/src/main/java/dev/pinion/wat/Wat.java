package dev.pinion.wat;

import dev.pinion.wat.internal.ModuleForms;
import dev.pinion.wat.internal.Reader;
import dev.pinion.wat.internal.Sexp;
import dev.pinion.wat.internal.Source;
import java.util.List;

/**
 * The WebAssembly text format: parses a module written as text (a {@code .wat} file) into the binary format the
 * engine compiles.
 *
 * <p>Accepted: one {@code (module ...)} (also {@code (module binary ...)} and {@code (module quote ...)}), or a
 * bare sequence of module fields, as the spec allows for a text file. Errors are {@link WatException}s with line,
 * column and what was expected; features this parser knows but cannot encode yet are
 * {@link UnsupportedFeatureException}s.
 */
public final class Wat {
    private Wat() {}

    /** Parses a text module. */
    public static WatModule parse(String text) throws WatException {
        Source source = new Source(text);
        List<Sexp> items = Reader.read(source);
        if (items.size() == 1 && items.get(0) instanceof Sexp.Lst l && l.is("module")) {
            return ModuleForms.module(l, source);
        }
        if (items.isEmpty()) return ModuleForms.fields(new Sexp.Lst(List.of(), 0, text.length()), 0, source);
        for (Sexp s : items) {
            if (s instanceof Sexp.Lst l && l.is("module")) {
                throw source.error(s.pos(), "a text module file holds one (module ...) or only module fields");
            }
        }
        return ModuleForms.fields(new Sexp.Lst(items, 0, text.length()), 0, source);
    }

    /** Parses a text module and returns its binary encoding. */
    public static byte[] toBinary(String text) throws WatException {
        return parse(text).binary();
    }
}
