package dev.pinion.wat.internal;

import dev.pinion.wat.WatException;
import dev.pinion.wat.WatModule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The three ways to write a module: fields, {@code binary "..."} and {@code quote "..."}. */
public final class ModuleForms {
    private ModuleForms() {}

    /**
     * {@code (module $id? field*)}, {@code (module $id? binary string*)} or {@code (module $id? quote string*)}.
     * In a script, {@code definition} may follow {@code module}; the caller has handled it and passes the index
     * of the first item after it.
     */
    public static WatModule module(Sexp.Lst module, Source source) throws WatException {
        int i = 1;
        if (i < module.items().size() && module.items().get(i) instanceof Sexp.Atom a && a.text().equals("definition")) i++;
        if (i < module.items().size() && module.items().get(i) instanceof Sexp.Atom a && a.isId()) i++;
        return body(module, i, source);
    }

    /** The module from item {@code i} of the list on: a binary or quote form, or fields. */
    public static WatModule body(Sexp.Lst module, int i, Source source) throws WatException {
        List<Sexp> items = module.items();
        if (i < items.size() && items.get(i) instanceof Sexp.Atom a && (a.text().equals("binary") || a.text().equals("quote"))) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int firstString = i + 1 < items.size() ? items.get(i + 1).pos() : a.pos();
            for (int j = i + 1; j < items.size(); j++) {
                if (!(items.get(j) instanceof Sexp.Str s)) {
                    throw source.error(items.get(j).pos(), "unexpected token " + Cursor.describe(items.get(j)) + ": expected a string");
                }
                bytes.writeBytes(s.bytes());
            }
            if (a.text().equals("binary")) return new WatModule(bytes.toByteArray(), Set.of());
            String text = Utf8.decode(bytes.toByteArray(), source, firstString);
            Source quoted = new Source(text, source.line(firstString));
            List<Sexp> parsed = Reader.read(quoted);
            if (parsed.size() == 1 && parsed.get(0) instanceof Sexp.Lst l && l.is("module")) return module(l, quoted);
            return fields(new Sexp.Lst(parsed, 0, text.length()), 0, quoted);
        }
        return fields(module, i, source);
    }

    public static WatModule fields(Sexp.Lst list, int start, Source source) throws WatException {
        ModuleParser.Result r = ModuleParser.parse(list, start, source);
        return new WatModule(r.binary(), r.features());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
