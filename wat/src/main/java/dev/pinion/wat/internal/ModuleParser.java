package dev.pinion.wat.internal;

import dev.pinion.wat.Feature;
import dev.pinion.wat.UnsupportedFeatureException;
import dev.pinion.wat.WatException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one text module ({@code (module $id? field*)}, as S-expressions) into the binary format.
 *
 * <p>Three passes, because the text may use an identifier before its definition: (1) type definitions (other
 * definitions refer to types, and implicit types from inline type uses must come after all explicit ones);
 * (2) the identifiers of every other index space, in text order (imports first: the text requires it);
 * (3) everything else, in text order, written straight into the binary sections. Function bodies are encoded by
 * {@link BodyParser}.
 */
public final class ModuleParser {
    /** A function type: parameter and result types, each value type as its binary encoding in a string. */
    record FuncType(List<String> params, List<String> results) {}

    /** One index space: how many entries so far and the identifiers bound to them. */
    static final class Space {
        final String kind;
        final Map<String, Integer> ids = new HashMap<>();
        int count;

        Space(String kind) {
            this.kind = kind;
        }

        int define(Sexp.Atom id, Source source) throws WatException {
            if (id != null && ids.putIfAbsent(id.text(), count) != null) {
                throw source.error(id.pos(), "duplicate " + kind + " " + id.text());
            }
            return count++;
        }
    }

    final Source source;
    final EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
    final Space types = new Space("type");
    final Space funcs = new Space("func");
    final Space tables = new Space("table");
    final Space mems = new Space("memory");
    final Space globals = new Space("global");
    final Space elems = new Space("elem");
    final Space datas = new Space("data");
    final Space tags = new Space("tag");
    final List<FuncType> typeDefs = new ArrayList<>();
    /** Per memory (imported and defined, in index order): whether it is 64-bit (memory64). */
    final List<Boolean> memory64 = new ArrayList<>();
    final List<Boolean> table64 = new ArrayList<>();
    boolean needsDataCount;

    private final Bytes importSec = new Bytes();
    private int importCount;
    private final Bytes funcSec = new Bytes();
    private int funcCount;
    private final Bytes tableSec = new Bytes();
    private int tableCount;
    private final Bytes memSec = new Bytes();
    private int memCount;
    private final Bytes globalSec = new Bytes();
    private int globalCount;
    private final Bytes exportSec = new Bytes();
    private int exportCount;
    private Integer start;
    private final Bytes elemSec = new Bytes();
    private int elemCount;
    private final Bytes codeSec = new Bytes();
    private final Bytes dataSec = new Bytes();
    private int dataCount;

    private ModuleParser(Source source) {
        this.source = source;
    }

    /** The parsed module: its binary encoding and the features beyond Wasm 2.0 it uses. */
    public record Result(byte[] binary, Set<Feature> features) {}

    /**
     * Encodes a module.
     *
     * @param fields the module fields: the items of a {@code (module ...)} list from {@code start} on
     */
    public static Result parse(Sexp.Lst fields, int start, Source source) throws WatException {
        ModuleParser p = new ModuleParser(source);
        List<Sexp.Lst> list = new ArrayList<>();
        for (int i = start; i < fields.items().size(); i++) {
            Sexp item = fields.items().get(i);
            if (!(item instanceof Sexp.Lst l)) {
                throw source.error(item.pos(), "unexpected token " + Cursor.describe(item) + ": expected a module field such as (func ...)");
            }
            list.add(l);
        }
        p.passTypes(list);
        p.passIds(list);
        for (Sexp.Lst field : list) p.field(field);
        return new Result(p.encode(), Set.copyOf(p.features));
    }

    WatException error(Sexp at, String reason) {
        return source.error(at.pos(), reason);
    }

    UnsupportedFeatureException unsupported(Sexp at, Feature feature, String what) {
        return new UnsupportedFeatureException(source.line(at.pos()), source.column(at.pos()), feature, what);
    }

    Cursor cursor(Sexp.Lst list, int start) {
        return new Cursor(list, start, source);
    }

    // ---- pass 1: types ---------------------------------------------------------------------------------------

    private void passTypes(List<Sexp.Lst> fields) throws WatException {
        for (Sexp.Lst f : fields) {
            if (f.is("rec")) throw unsupported(f, Feature.GC, "recursive type group (rec ...)");
            if (f.is("type")) types.define(cursor(f, 1).optionalId(), source);
        }
        for (Sexp.Lst f : fields) {
            if (!f.is("type")) continue;
            Cursor c = cursor(f, 1);
            c.optionalId();
            Sexp.Lst def = c.peek() instanceof Sexp.Lst l ? l : null;
            if (def == null) throw c.error("expected a type definition such as (func ...)");
            if (def.is("sub")) throw unsupported(def, Feature.GC, "subtype declaration (sub ...)");
            if (def.is("struct")) throw unsupported(def, Feature.GC, "struct type");
            if (def.is("array")) throw unsupported(def, Feature.GC, "array type");
            if (!def.is("func")) throw c.error("expected (func ...), (struct ...) or (array ...)");
            c.next();
            c.expectEnd();
            Cursor d = cursor(def, 1);
            d.optionalId();
            FuncType type = signature(d, true, null);
            d.expectEnd();
            typeDefs.add(type);
        }
    }

    /** {@code (param ...)* (result ...)*}; parameter names go to {@code names} (null: names not allowed). */
    FuncType signature(Cursor c, boolean namesAllowed, List<Sexp.Atom> names) throws WatException {
        List<String> params = new ArrayList<>();
        List<String> results = new ArrayList<>();
        while (c.peekList("param")) {
            Sexp.Lst p = (Sexp.Lst) c.next();
            Cursor pc = cursor(p, 1);
            Sexp.Atom id = pc.optionalId();
            if (id != null) {
                if (!namesAllowed) throw error(id, "unexpected token " + id.text() + ": a parameter name is not allowed here");
                params.add(valType(pc));
                pc.expectEnd();
                if (names != null) names.add(id);
                continue;
            }
            while (!pc.atEnd()) {
                params.add(valType(pc));
                if (names != null) names.add(null);
            }
        }
        while (c.peekList("result")) {
            Cursor rc = cursor((Sexp.Lst) c.next(), 1);
            while (!rc.atEnd()) results.add(valType(rc));
        }
        return new FuncType(List.copyOf(params), List.copyOf(results));
    }

    /** A value type, as its binary encoding (one char per byte). */
    String valType(Cursor c) throws WatException {
        Sexp s = c.next();
        if (s instanceof Sexp.Atom a) {
            switch (a.text()) {
                case "i32": return "\u007f";
                case "i64": return "\u007e";
                case "f32": return "\u007d";
                case "f64": return "\u007c";
                case "v128":
                    features.add(Feature.SIMD);
                    return "\u007b";
                default:
                    String ref = refTypeShorthand(a);
                    if (ref != null) return ref;
                    throw error(a, "unexpected token '" + a.text() + "': expected a value type (i32, i64, f32, f64, v128, funcref, externref, (ref ...))");
            }
        }
        if (s instanceof Sexp.Lst l && l.is("ref")) return refType(l);
        throw error(s, "unexpected token " + Cursor.describe(s) + ": expected a value type");
    }

    /** {@code funcref}, {@code externref} and the Wasm 3.0 shorthands; null if {@code a} is none of them. */
    String refTypeShorthand(Sexp.Atom a) throws WatException {
        return switch (a.text()) {
            case "funcref" -> "\u0070";
            case "externref" -> "\u006f";
            case "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref", "nullexternref" ->
                    throw unsupported(a, Feature.GC, a.text());
            case "exnref", "nullexnref" -> throw unsupported(a, Feature.EXCEPTIONS, a.text());
            default -> null;
        };
    }

    /** {@code (ref null? heaptype)}: Wasm 3.0 typed references. */
    String refType(Sexp.Lst l) throws WatException {
        features.add(Feature.FUNCTION_REFERENCES);
        Cursor c = cursor(l, 1);
        boolean nullable = false;
        if (c.peekKeyword("null")) {
            c.next();
            nullable = true;
        }
        String heap = heapType(c.nextAtom("a heap type"));
        c.expectEnd();
        return (nullable ? "\u0063" : "\u0064") + heap;
    }

    /** A heap type's encoding: an abstract type's byte or a type index as s33. */
    String heapType(Sexp.Atom a) throws WatException {
        switch (a.text()) {
            case "func": return "\u0070";
            case "extern": return "\u006f";
            case "nofunc": case "noextern": case "any": case "eq": case "i31": case "struct": case "array": case "none":
                throw unsupported(a, Feature.GC, "heap type " + a.text());
            case "exn": case "noexn":
                throw unsupported(a, Feature.EXCEPTIONS, "heap type " + a.text());
            default:
                int index = index(a, types);
                features.add(Feature.FUNCTION_REFERENCES);
                Bytes b = new Bytes().s64(index);
                return latin1(b.toArray());
        }
    }

    static String latin1(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** An index: an identifier bound in {@code space}, or a u32. */
    int index(Sexp.Atom a, Space space) throws WatException {
        if (a.isId()) {
            Integer i = space.ids.get(a.text());
            if (i == null) throw error(a, "unknown " + space.kind + " " + a.text());
            return i;
        }
        return (int) u32(a);
    }

    long u32(Sexp.Atom a) throws WatException {
        return unsigned(a, 32);
    }

    long unsigned(Sexp.Atom a, int bits) throws WatException {
        try {
            return Numbers.parseUnsigned(a.text(), bits);
        } catch (NumberFormatException e) {
            throw error(a, e.getMessage().startsWith("unknown") ? "unexpected token '" + a.text() + "': expected an index or number"
                    : e.getMessage() + " ('" + a.text() + "' is not a u" + bits + ")");
        }
    }

    /** The index of the function type, appending an implicit type definition if none is equal. */
    int typeIndexOf(FuncType type) {
        int i = typeDefs.indexOf(type);
        if (i >= 0) return i;
        typeDefs.add(type);
        return typeDefs.size() - 1;
    }

    /** A type use with its resolved index and type; {@code paramNames} collects inline parameter names. */
    record TypeUse(int index, FuncType type) {}

    TypeUse typeUse(Cursor c, List<Sexp.Atom> paramNames) throws WatException {
        Integer explicit = null;
        Sexp at = c.peek();
        if (c.peekList("type")) {
            Cursor tc = cursor((Sexp.Lst) c.next(), 1);
            explicit = index(tc.nextAtom("a type index"), types);
            tc.expectEnd();
        }
        List<Sexp.Atom> names = paramNames == null ? null : new ArrayList<>();
        boolean inline = c.peekList("param") || c.peekList("result");
        FuncType sig = signature(c, paramNames != null, names);
        if (explicit != null) {
            FuncType declared = explicit >= 0 && explicit < typeDefs.size() ? typeDefs.get(explicit) : null;
            if (inline && declared == null) {
                // With inline types the text must check them against the type: an undefined one is malformed.
                throw error(at, "unknown type " + explicit);
            }
            if (inline && declared != null && !declared.equals(sig)) {
                throw error(at, "inline function type does not match the type " + explicit + " it names");
            }
            if (!inline) {
                if (paramNames != null && declared != null) {
                    for (int i = 0; i < declared.params().size(); i++) paramNames.add(null);
                }
                return new TypeUse(explicit, declared); // null for an undefined index: the engine says so
            }
            if (paramNames != null) paramNames.addAll(names);
            return new TypeUse(explicit, sig);
        }
        if (paramNames != null) paramNames.addAll(names);
        return new TypeUse(typeIndexOf(sig), sig);
    }

    // ---- pass 2: identifiers ---------------------------------------------------------------------------------

    private boolean definitionSeen;

    private void passIds(List<Sexp.Lst> fields) throws WatException {
        for (Sexp.Lst f : fields) {
            Cursor c = cursor(f, 1);
            switch (f.head()) {
                case "func" -> {
                    Sexp.Atom id = c.optionalId();
                    importOrder(f, c, "function");
                    funcs.define(id, source);
                }
                case "table" -> {
                    Sexp.Atom id = c.optionalId();
                    importOrder(f, c, "table");
                    tables.define(id, source);
                    table64.add(hasAddressType64(c));
                    if (hasInlineSegment(f, "elem")) elems.define(null, source);
                }
                case "memory" -> {
                    Sexp.Atom id = c.optionalId();
                    importOrder(f, c, "memory");
                    mems.define(id, source);
                    memory64.add(hasAddressType64(c));
                    if (hasInlineSegment(f, "data")) datas.define(null, source);
                }
                case "global" -> {
                    Sexp.Atom id = c.optionalId();
                    importOrder(f, c, "global");
                    globals.define(id, source);
                }
                case "tag" -> throw unsupported(f, Feature.EXCEPTIONS, "tag definition");
                case "elem" -> elems.define(c.optionalId(), source);
                case "data" -> datas.define(c.optionalId(), source);
                case "import" -> {
                    if (definitionSeen) throw error(f, "import after a function, table, memory or global definition");
                    c.nextString("the module name");
                    c.nextString("the import name");
                    Sexp.Lst desc = c.peek() instanceof Sexp.Lst l ? l : null;
                    if (desc == null) throw c.error("expected an import description such as (func ...)");
                    Cursor dc = cursor(desc, 1);
                    Sexp.Atom id = dc.optionalId();
                    switch (desc.head()) {
                        case "func" -> funcs.define(id, source);
                        case "table" -> {
                            tables.define(id, source);
                            table64.add(hasAddressType64(dc));
                        }
                        case "memory" -> {
                            mems.define(id, source);
                            memory64.add(hasAddressType64(dc));
                        }
                        case "global" -> globals.define(id, source);
                        case "tag" -> throw unsupported(desc, Feature.EXCEPTIONS, "tag import");
                        default -> throw error(desc, "unexpected token " + Cursor.describe(desc)
                                + ": expected (func ...), (table ...), (memory ...) or (global ...)");
                    }
                }
                case "type", "export", "start" -> {}
                default -> throw error(f, "unexpected token " + Cursor.describe(f) + ": expected a module field (type, import, func, "
                        + "table, memory, global, export, start, elem, data)");
            }
        }
    }

    /** Notes a definition, or checks that an inline import comes before any definition. */
    private void importOrder(Sexp.Lst f, Cursor c, String kind) throws WatException {
        boolean imported = false;
        for (int i = 0; c.peek(i) != null; i++) {
            Sexp s = c.peek(i);
            if (s instanceof Sexp.Lst l && l.is("export")) continue;
            imported = s instanceof Sexp.Lst l && l.is("import");
            break;
        }
        if (imported) {
            if (definitionSeen) throw error(f, "import after a function, table, memory or global definition");
        } else {
            definitionSeen = true;
        }
    }

    private boolean hasAddressType64(Cursor c) {
        for (int i = 0; c.peek(i) != null; i++) {
            Sexp s = c.peek(i);
            if (s instanceof Sexp.Lst l && (l.is("export") || l.is("import"))) continue;
            return s instanceof Sexp.Atom a && a.text().equals("i64");
        }
        return false;
    }

    private static boolean hasInlineSegment(Sexp.Lst f, String keyword) {
        for (Sexp s : f.items()) if (s instanceof Sexp.Lst l && l.is(keyword)) return true;
        return false;
    }

    // ---- pass 3: fields --------------------------------------------------------------------------------------

    private int funcIndex;
    private int tableIndex;
    private int memIndex;
    private int globalIndex;
    private int elemIndex;
    private int dataIndex;

    private void field(Sexp.Lst f) throws WatException {
        switch (f.head()) {
            case "type" -> {}
            case "func" -> func(f);
            case "table" -> table(f);
            case "memory" -> memory(f);
            case "global" -> global(f);
            case "import" -> importField(f);
            case "export" -> exportField(f);
            case "start" -> {
                Cursor c = cursor(f, 1);
                if (start != null) throw error(f, "multiple start sections");
                start = index(c.nextAtom("a function index"), funcs);
                c.expectEnd();
            }
            case "elem" -> elem(f);
            case "data" -> data(f);
            default -> throw error(f, "unexpected module field " + f.head());
        }
    }

    /** Inline {@code (export "name")}s, written as exports of {@code kind} {@code index}. */
    private void inlineExports(Cursor c, int kind, int index) throws WatException {
        while (c.peekList("export")) {
            Cursor ec = cursor((Sexp.Lst) c.next(), 1);
            Sexp.Str name = ec.nextString("the export name");
            ec.expectEnd();
            export(name, kind, index);
        }
    }

    private void export(Sexp.Str name, int kind, int index) throws WatException {
        Utf8.decode(name.bytes(), source, name.pos());
        exportSec.name(name.bytes()).u8(kind).u32(index);
        exportCount++;
    }

    /** An inline {@code (import "m" "n")}, or null. */
    private Sexp.Str[] inlineImport(Cursor c) throws WatException {
        if (!c.peekList("import")) return null;
        Cursor ic = cursor((Sexp.Lst) c.next(), 1);
        Sexp.Str module = ic.nextString("the module name");
        Sexp.Str name = ic.nextString("the import name");
        ic.expectEnd();
        return new Sexp.Str[] {module, name};
    }

    private void importEntry(Sexp.Str[] names, int kind, Bytes desc) throws WatException {
        Utf8.decode(names[0].bytes(), source, names[0].pos());
        Utf8.decode(names[1].bytes(), source, names[1].pos());
        importSec.name(names[0].bytes()).name(names[1].bytes()).u8(kind).bytes(desc);
        importCount++;
    }

    private void func(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        int index = funcIndex++;
        inlineExports(c, 0, index);
        Sexp.Str[] imported = inlineImport(c);
        List<Sexp.Atom> paramNames = new ArrayList<>();
        TypeUse use = typeUse(c, paramNames);
        if (imported != null) {
            c.expectEnd();
            importEntry(imported, 0, new Bytes().u32(use.index()));
            return;
        }
        funcSec.u32(use.index());
        funcCount++;
        BodyParser body = new BodyParser(this, paramNames, use.type() == null ? 0 : use.type().params().size());
        byte[] code = body.function(c);
        codeSec.u32(code.length).bytes(code);
    }

    private void table(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        int index = tableIndex++;
        inlineExports(c, 1, index);
        Sexp.Str[] imported = inlineImport(c);
        boolean is64 = addressType(c);
        // Abbreviation: (table reftype (elem ...)) is a table exactly as big as the segment, plus the segment.
        if (imported == null && (c.peek() instanceof Sexp.Atom || c.peekList("ref")) && !isNumber(c.peek())
                && c.peek(1) instanceof Sexp.Lst l && l.is("elem")) {
            String refType = refTypeOf(c);
            Sexp.Lst elem = c.nextList("elem");
            c.expectEnd();
            Cursor ec = cursor(elem, 1);
            Bytes items = new Bytes();
            int n;
            boolean expressions = ec.peek() instanceof Sexp.Lst;
            if (expressions) {
                n = elemExpressions(ec, items);
            } else {
                n = 0;
                while (!ec.atEnd()) {
                    items.u32(index(ec.nextAtom("a function index"), funcs));
                    n++;
                }
            }
            Bytes t = new Bytes();
            t.bytes(latin1Bytes(refType)).u8(is64 ? 0x05 : 0x01).u32(n).u32(n);
            tableSec.bytes(t);
            tableCount++;
            Bytes offset = new Bytes();
            offset.u8(is64 ? 0x42 : 0x41).u8(0).u8(0x0b);
            elemIndex++;
            writeElem(Mode.ACTIVE, index, offset.toArray(), refType, expressions, n, items);
            return;
        }
        Bytes type = new Bytes();
        limitsThenRef(c, is64, type);
        if (imported != null) {
            c.expectEnd();
            importEntry(imported, 1, type);
            return;
        }
        if (!c.atEnd()) {
            // Wasm 3.0: a table with an initialiser expression.
            features.add(Feature.FUNCTION_REFERENCES);
            byte[] init = new BodyParser(this, List.of(), 0).constExpr(c);
            tableSec.u8(0x40).u8(0x00).bytes(type).bytes(init);
        } else {
            tableSec.bytes(type);
        }
        tableCount++;
    }

    private static byte[] latin1Bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private boolean isNumber(Sexp s) {
        return s instanceof Sexp.Atom a && Numbers.looksNumeric(a.text());
    }

    /** An optional address type: {@code i64} (memory64) or {@code i32}; true for 64. */
    private boolean addressType(Cursor c) throws WatException {
        if (c.peekKeyword("i64")) {
            c.next();
            features.add(Feature.MEMORY64);
            return true;
        }
        if (c.peekKeyword("i32")) c.next();
        return false;
    }

    private String refTypeOf(Cursor c) throws WatException {
        Sexp s = c.peek();
        String t = valType(c);
        if (t.charAt(0) != 0x70 && t.charAt(0) != 0x6f && t.charAt(0) != 0x63 && t.charAt(0) != 0x64) {
            throw error(s, "unexpected token " + Cursor.describe(s) + ": expected a reference type");
        }
        return t;
    }

    /** Table type as the binary has it: reftype then limits. */
    private void limitsThenRef(Cursor c, boolean is64, Bytes out) throws WatException {
        Bytes limits = new Bytes();
        limits(c, is64, limits, false);
        String ref = refTypeOf(c);
        out.bytes(latin1Bytes(ref)).bytes(limits);
    }

    /** {@code min max? shared?} as binary limits. */
    private void limits(Cursor c, boolean is64, Bytes out, boolean sharedAllowed) throws WatException {
        // Read as u64 whatever the address type: since Wasm 3.0 a size past 2^32 is invalid, not malformed, and
        // the engine's decoder and validator say which.
        long min = unsigned(c.nextAtom("the minimum size"), 64);
        Long max = null;
        if (c.peek() instanceof Sexp.Atom a && Numbers.isInt(a.text())) {
            c.next();
            max = unsigned(a, 64);
        }
        boolean shared = false;
        if (sharedAllowed && c.peekKeyword("shared")) {
            c.next();
            shared = true;
            features.add(Feature.THREADS);
        } else if (sharedAllowed && c.peekKeyword("unshared")) {
            c.next();
        }
        int flags = (max != null ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0);
        out.u8(flags).u32(min);
        if (max != null) out.u32(max);
    }

    private void memory(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        int index = memIndex++;
        if (index > 0) features.add(Feature.MULTI_MEMORY);
        inlineExports(c, 2, index);
        Sexp.Str[] imported = inlineImport(c);
        boolean is64 = addressType(c);
        if (imported == null && c.peekList("data")) {
            Cursor dc = cursor(c.nextList("data"), 1);
            c.expectEnd();
            Bytes bytes = new Bytes();
            while (!dc.atEnd()) bytes.bytes(dc.nextString("data").bytes());
            long pages = (bytes.size() + 65535L) / 65536;
            memSec.u8(is64 ? 0x05 : 0x01).u32(pages).u32(pages);
            memCount++;
            dataIndex++;
            dataSec.u8(0x00).u8(is64 ? 0x42 : 0x41).u8(0).u8(0x0b).u32(bytes.size()).bytes(bytes);
            dataCount++;
            return;
        }
        Bytes type = new Bytes();
        limits(c, is64, type, true);
        c.expectEnd();
        if (imported != null) {
            importEntry(imported, 2, type);
            return;
        }
        memSec.bytes(type);
        memCount++;
    }

    private Bytes globalType(Cursor c) throws WatException {
        Bytes b = new Bytes();
        if (c.peekList("mut")) {
            Cursor mc = cursor((Sexp.Lst) c.next(), 1);
            b.bytes(latin1Bytes(valType(mc)));
            mc.expectEnd();
            b.u8(1);
        } else {
            b.bytes(latin1Bytes(valType(c))).u8(0);
        }
        return b;
    }

    private void global(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        int index = globalIndex++;
        inlineExports(c, 3, index);
        Sexp.Str[] imported = inlineImport(c);
        Bytes type = globalType(c);
        if (imported != null) {
            c.expectEnd();
            importEntry(imported, 3, type);
            return;
        }
        byte[] init = new BodyParser(this, List.of(), 0).constExpr(c);
        globalSec.bytes(type).bytes(init);
        globalCount++;
    }

    private void importField(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        Sexp.Str module = c.nextString("the module name");
        Sexp.Str name = c.nextString("the import name");
        Sexp.Lst desc = (Sexp.Lst) c.next();
        c.expectEnd();
        Sexp.Str[] names = {module, name};
        Cursor dc = cursor(desc, 1);
        dc.optionalId();
        switch (desc.head()) {
            case "func" -> {
                funcIndex++;
                TypeUse use = typeUse(dc, new ArrayList<>());
                dc.expectEnd();
                importEntry(names, 0, new Bytes().u32(use.index()));
            }
            case "table" -> {
                tableIndex++;
                boolean is64 = addressType(dc);
                Bytes type = new Bytes();
                limitsThenRef(dc, is64, type);
                dc.expectEnd();
                importEntry(names, 1, type);
            }
            case "memory" -> {
                if (memIndex++ > 0) features.add(Feature.MULTI_MEMORY);
                boolean is64 = addressType(dc);
                Bytes type = new Bytes();
                limits(dc, is64, type, true);
                dc.expectEnd();
                importEntry(names, 2, type);
            }
            case "global" -> {
                globalIndex++;
                Bytes type = globalType(dc);
                dc.expectEnd();
                importEntry(names, 3, type);
            }
            default -> throw error(desc, "unexpected import kind " + desc.head());
        }
    }

    private void exportField(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        Sexp.Str name = c.nextString("the export name");
        Sexp s = c.next();
        c.expectEnd();
        if (!(s instanceof Sexp.Lst desc)) throw error(s, "expected (func x), (table x), (memory x) or (global x)");
        Cursor dc = cursor(desc, 1);
        Sexp.Atom x = dc.nextAtom("an index");
        dc.expectEnd();
        switch (desc.head()) {
            case "func" -> export(name, 0, index(x, funcs));
            case "table" -> export(name, 1, index(x, tables));
            case "memory" -> export(name, 2, index(x, mems));
            case "global" -> export(name, 3, index(x, globals));
            case "tag" -> throw unsupported(desc, Feature.EXCEPTIONS, "tag export");
            default -> throw error(desc, "unexpected token " + Cursor.describe(desc) + ": expected (func x), (table x), (memory x) or (global x)");
        }
    }

    enum Mode { ACTIVE, PASSIVE, DECLARATIVE }

    private void elem(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        elemIndex++;
        Mode mode = Mode.PASSIVE;
        int table = 0;
        boolean tableGiven = false;
        byte[] offset = null;
        if (c.peekKeyword("declare")) {
            c.next();
            mode = Mode.DECLARATIVE;
        } else {
            if (c.peekList("table")) {
                Cursor tc = cursor((Sexp.Lst) c.next(), 1);
                table = index(tc.nextAtom("a table index"), tables);
                tc.expectEnd();
                tableGiven = true;
            } else if (c.peek() instanceof Sexp.Atom a && Numbers.isInt(a.text()) && c.peek(1) instanceof Sexp.Lst) {
                c.next();
                table = index(a, tables); // the Wasm 1.0 form (elem 0 (offset ...) ...)
                tableGiven = true;
            }
            if (c.peek() instanceof Sexp.Lst l && !l.is("item") && !l.is("ref")) {
                offset = offset(c, table < table64.size() && table64.get(table));
                mode = Mode.ACTIVE;
            } else if (tableGiven) {
                throw c.error("expected the segment's offset, (offset ...) or a folded instruction");
            }
        }
        Bytes items = new Bytes();
        int n;
        String refType = "\u0070";
        boolean expressions;
        if (c.peekKeyword("func")) {
            c.next();
            expressions = false;
        } else if (c.atEnd() || c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
            // The abbreviation (elem offset funcidx*) of active segments; for others "func" is required.
            if (mode != Mode.ACTIVE && !c.atEnd()) throw c.error("expected 'func' or a reference type before the elements");
            expressions = false;
        } else {
            refType = refTypeOf(c);
            expressions = true;
        }
        if (expressions) {
            n = elemExpressions(c, items);
            byte[] asIndices = refType.equals("\u0070") ? functionIndices(items.toArray(), n) : null;
            if (asIndices != null) {
                // Only (ref.func x) items: the plain function-index form says the same, more compactly.
                expressions = false;
                items = new Bytes().bytes(asIndices);
            }
        } else {
            n = 0;
            while (!c.atEnd()) {
                items.u32(index(c.nextAtom("a function index"), funcs));
                n++;
            }
        }
        writeElem(mode, tableGiven ? table : -1, offset, refType, expressions, n, items);
    }

    private int elemExpressions(Cursor c, Bytes items) throws WatException {
        int n = 0;
        while (!c.atEnd()) {
            Sexp s = c.next();
            if (!(s instanceof Sexp.Lst l)) throw error(s, "unexpected token " + Cursor.describe(s) + ": expected (item ...) or a folded instruction");
            BodyParser body = new BodyParser(this, List.of(), 0);
            if (l.is("item")) {
                items.bytes(body.constExpr(cursor(l, 1)));
            } else {
                items.bytes(body.singleFolded(l));
            }
            n++;
        }
        return n;
    }

    /** The function indices if every one of the n expressions is {@code ref.func x end}, else null. */
    private static byte[] functionIndices(byte[] exprs, int n) {
        Bytes out = new Bytes();
        int p = 0;
        for (int k = 0; k < n; k++) {
            if (p >= exprs.length || (exprs[p] & 0xff) != 0xd2) return null;
            int q = p + 1;
            while (q < exprs.length && (exprs[q] & 0x80) != 0) q++;
            if (q + 1 >= exprs.length || (exprs[q + 1] & 0xff) != 0x0b) return null;
            out.bytes(exprs, p + 1, q - p);
            p = q + 2;
        }
        return p == exprs.length ? out.toArray() : null;
    }

    /** The segment in the most compact of the eight binary forms that says the same. */
    private void writeElem(Mode mode, int table, byte[] offset, String refType, boolean expressions, int n,
                           Bytes items) {
        boolean funcref = refType.equals("\u0070");
        byte[] ref = latin1Bytes(refType);
        switch (mode) {
            case ACTIVE -> {
                int t = Math.max(table, 0);
                if (t == 0 && (!expressions || funcref) && table <= 0) {
                    elemSec.u8(expressions ? 4 : 0).bytes(offset);
                } else if (!expressions) {
                    elemSec.u8(2).u32(t).bytes(offset).u8(0x00);
                } else {
                    elemSec.u8(6).u32(t).bytes(offset).bytes(ref);
                }
            }
            case PASSIVE -> {
                if (expressions) elemSec.u8(5).bytes(ref);
                else elemSec.u8(1).u8(0x00);
            }
            case DECLARATIVE -> {
                if (expressions) elemSec.u8(7).bytes(ref);
                else elemSec.u8(3).u8(0x00);
            }
        }
        elemSec.u32(n).bytes(items);
        elemCount++;
    }

    /** {@code (offset instr*)} or a single folded instruction. */
    private byte[] offset(Cursor c, boolean is64) throws WatException {
        Sexp.Lst l = (Sexp.Lst) c.next();
        BodyParser body = new BodyParser(this, List.of(), 0);
        if (l.is("offset")) return body.constExpr(cursor(l, 1));
        return body.singleFolded(l);
    }

    private void data(Sexp.Lst f) throws WatException {
        Cursor c = cursor(f, 1);
        c.optionalId();
        dataIndex++;
        int memory = -1;
        byte[] offset = null;
        if (c.peekList("memory")) {
            Cursor mc = cursor((Sexp.Lst) c.next(), 1);
            memory = index(mc.nextAtom("a memory index"), mems);
            mc.expectEnd();
        } else if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
            c.next();
            memory = index(a, mems); // the Wasm 1.0 form (data 0 (offset ...) ...)
        }
        if (c.peek() instanceof Sexp.Lst) {
            int m = Math.max(memory, 0);
            offset = offset(c, m < memory64.size() && memory64.get(m));
        } else if (memory >= 0) {
            throw c.error("expected the segment's offset, (offset ...) or a folded instruction");
        }
        Bytes bytes = new Bytes();
        while (!c.atEnd()) bytes.bytes(c.nextString("data").bytes());
        if (offset == null) {
            dataSec.u8(1);
        } else if (memory <= 0) {
            dataSec.u8(0).bytes(offset);
        } else {
            dataSec.u8(2).u32(memory).bytes(offset);
            features.add(Feature.MULTI_MEMORY);
        }
        dataSec.u32(bytes.size()).bytes(bytes);
        dataCount++;
    }

    // ---- encoding --------------------------------------------------------------------------------------------

    private byte[] encode() {
        Bytes out = new Bytes();
        out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        if (!typeDefs.isEmpty()) {
            Bytes t = new Bytes().u32(typeDefs.size());
            for (FuncType f : typeDefs) {
                t.u8(0x60).u32(f.params().size());
                for (String p : f.params()) t.bytes(latin1Bytes(p));
                t.u32(f.results().size());
                for (String r : f.results()) t.bytes(latin1Bytes(r));
            }
            section(out, 1, t);
        }
        section(out, 2, importCount, importSec);
        section(out, 3, funcCount, funcSec);
        section(out, 4, tableCount, tableSec);
        section(out, 5, memCount, memSec);
        section(out, 6, globalCount, globalSec);
        section(out, 7, exportCount, exportSec);
        if (start != null) section(out, 8, new Bytes().u32(start));
        section(out, 9, elemCount, elemSec);
        if (needsDataCount) section(out, 12, new Bytes().u32(dataCount));
        section(out, 10, funcCount, codeSec);
        section(out, 11, dataCount, dataSec);
        return out.toArray();
    }

    private static void section(Bytes out, int id, int count, Bytes entries) {
        if (count == 0) return;
        section(out, id, new Bytes().u32(count).bytes(entries));
    }

    private static void section(Bytes out, int id, Bytes content) {
        out.u8(id).u32(content.size()).bytes(content);
    }
}
