package dev.pinion.wat.internal;

import dev.pinion.wat.Feature;
import dev.pinion.wat.WatException;
import dev.pinion.wat.internal.Instructions.Imm;
import dev.pinion.wat.internal.Instructions.Info;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes instruction sequences: function bodies and constant expressions, in plain ({@code block ... end}) and
 * folded ({@code (block ...)}, {@code (i32.add (a) (b))}) form, resolving local, label and module-level
 * identifiers.
 */
final class BodyParser {
    private static final Set<String> GC_PREFIXES = Set.of("struct.", "array.", "i31.", "ref.i31", "ref.test",
            "ref.cast", "br_on_cast", "any.convert_extern", "extern.convert_any", "ref.eq");
    private static final Set<String> EXCEPTION_OPS = Set.of("try_table", "throw", "throw_ref", "try", "catch",
            "catch_all", "rethrow", "delegate");

    private final ModuleParser m;
    private final Source source;
    private final Bytes out = new Bytes();
    private final Map<String, Integer> localIds = new HashMap<>();
    private int localCount;
    /** Enclosing labels, innermost last; null for a block without a name. */
    private final List<String> labels = new ArrayList<>();
    private boolean constant;
    private int constInstructions;

    BodyParser(ModuleParser module, List<Sexp.Atom> paramNames, int paramCount) throws WatException {
        this.m = module;
        this.source = module.source;
        for (Sexp.Atom name : paramNames) defineLocal(name);
        localCount = paramCount;
    }

    private void defineLocal(Sexp.Atom name) throws WatException {
        if (name != null && localIds.putIfAbsent(name.text(), localCount) != null) {
            throw source.error(name.pos(), "duplicate local " + name.text());
        }
        localCount++;
    }

    /** {@code (local ...)* instr*} up to the end of the cursor's list: the code entry's content. */
    byte[] function(Cursor c) throws WatException {
        List<String> locals = new ArrayList<>();
        while (c.peekList("local")) {
            Cursor lc = m.cursor((Sexp.Lst) c.next(), 1);
            Sexp.Atom id = lc.optionalId();
            if (id != null) {
                locals.add(m.valType(lc));
                lc.expectEnd();
                defineLocal(id);
                continue;
            }
            while (!lc.atEnd()) {
                locals.add(m.valType(lc));
                localCount++;
            }
        }
        instructions(c);
        Bytes entry = new Bytes();
        // Locals as runs of equal types.
        List<int[]> runs = new ArrayList<>();
        List<String> runTypes = new ArrayList<>();
        for (String t : locals) {
            if (!runTypes.isEmpty() && runTypes.get(runTypes.size() - 1).equals(t)) {
                runs.get(runs.size() - 1)[0]++;
            } else {
                runs.add(new int[] {1});
                runTypes.add(t);
            }
        }
        entry.u32(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            entry.u32(runs.get(i)[0]).bytes(runTypes.get(i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        entry.bytes(out).u8(0x0b);
        return entry.toArray();
    }

    /** A constant expression: the rest of the cursor's items, then {@code end}. */
    byte[] constExpr(Cursor c) throws WatException {
        constant = true;
        instructions(c);
        out.u8(0x0b);
        return out.toArray();
    }

    /** The abbreviation where one folded instruction stands for a constant expression. */
    byte[] singleFolded(Sexp.Lst l) throws WatException {
        constant = true;
        folded(l);
        out.u8(0x0b);
        return out.toArray();
    }

    private void instructions(Cursor c) throws WatException {
        while (!c.atEnd()) instruction(c);
    }

    private void instruction(Cursor c) throws WatException {
        Sexp s = c.next();
        if (s instanceof Sexp.Lst l) {
            folded(l);
        } else if (s instanceof Sexp.Atom a && !a.isId()) {
            plain(a, c);
        } else {
            throw source.error(s.pos(), "unexpected token " + Cursor.describe(s) + ": expected an instruction");
        }
    }

    private void countConst(Sexp.Atom op) {
        if (constant && ++constInstructions == 2) m.features.add(Feature.EXTENDED_CONST);
    }

    private void plain(Sexp.Atom op, Cursor c) throws WatException {
        countConst(op);
        switch (op.text()) {
            case "block", "loop" -> {
                Sexp.Atom label = c.optionalId();
                out.u8(op.text().equals("block") ? 0x02 : 0x03);
                blockType(c);
                labels.add(label == null ? null : label.text());
                until(c, op, "end");
                endLabel(c, label);
                labels.remove(labels.size() - 1);
                out.u8(0x0b);
            }
            case "if" -> {
                Sexp.Atom label = c.optionalId();
                out.u8(0x04);
                blockType(c);
                labels.add(label == null ? null : label.text());
                String end = until(c, op, "else", "end");
                if (end.equals("else")) {
                    endLabel(c, label);
                    int mark = out.size();
                    out.u8(0x05);
                    until(c, op, "end");
                    if (out.size() == mark + 1) out.truncate(mark); // an empty else says nothing
                }
                endLabel(c, label);
                labels.remove(labels.size() - 1);
                out.u8(0x0b);
            }
            case "end", "else", "then" -> throw source.error(op.pos(), "unexpected token '" + op.text() + "': no block to close");
            default -> {
                Bytes encoded = simple(op, c);
                out.bytes(encoded);
            }
        }
    }

    /** Instructions up to one of the terminators (consumed); returns which one. */
    private String until(Cursor c, Sexp.Atom opener, String... terminators) throws WatException {
        while (true) {
            if (c.atEnd()) {
                throw c.error("expected '" + String.join("' or '", terminators) + "' to close the '" + opener.text()
                        + "' at " + source.line(opener.pos()) + ":" + source.column(opener.pos()));
            }
            if (c.peek() instanceof Sexp.Atom a) {
                for (String t : terminators) {
                    if (a.text().equals(t)) {
                        c.next();
                        return t;
                    }
                }
            }
            instruction(c);
        }
    }

    /** The optional identifier after {@code end} or {@code else} must repeat the block's label. */
    private void endLabel(Cursor c, Sexp.Atom label) throws WatException {
        Sexp.Atom id = c.optionalId();
        if (id != null && (label == null || !label.text().equals(id.text()))) {
            throw source.error(id.pos(), "mismatching label " + id.text() + (label == null ? " (the block has no label)"
                    : " (the block is " + label.text() + ")"));
        }
    }

    private void folded(Sexp.Lst l) throws WatException {
        if (l.items().isEmpty() || !(l.items().get(0) instanceof Sexp.Atom op) || op.isId()) {
            throw source.error(l.pos(), "unexpected token '(': expected a folded instruction such as (i32.add ...)");
        }
        countConst(op);
        Cursor c = m.cursor(l, 1);
        switch (op.text()) {
            case "block", "loop" -> {
                Sexp.Atom label = c.optionalId();
                out.u8(op.text().equals("block") ? 0x02 : 0x03);
                blockType(c);
                labels.add(label == null ? null : label.text());
                instructions(c);
                labels.remove(labels.size() - 1);
                out.u8(0x0b);
            }
            case "if" -> {
                Sexp.Atom label = c.optionalId();
                // The block type comes first in the text but after the condition in the binary.
                int mark = out.size();
                blockType(c);
                byte[] type = out.range(mark, out.size());
                out.truncate(mark);
                while (c.peek() instanceof Sexp.Lst cond && !cond.is("then") && !cond.is("else")) {
                    c.next();
                    folded(cond);
                }
                out.u8(0x04).bytes(type);
                labels.add(label == null ? null : label.text());
                Sexp.Lst then = c.nextList("then");
                instructions(m.cursor(then, 1));
                if (c.peekList("else")) {
                    int elseAt = out.size();
                    out.u8(0x05);
                    instructions(m.cursor((Sexp.Lst) c.next(), 1));
                    if (out.size() == elseAt + 1) out.truncate(elseAt); // an empty else says nothing
                }
                c.expectEnd();
                labels.remove(labels.size() - 1);
                out.u8(0x0b);
            }
            default -> {
                Bytes encoded = simple(op, c);
                while (!c.atEnd()) {
                    Sexp s = c.next();
                    if (!(s instanceof Sexp.Lst operand)) {
                        throw source.error(s.pos(), "unexpected token " + Cursor.describe(s)
                                + ": expected a folded operand (...) or ')' after " + op.text());
                    }
                    folded(operand);
                }
                out.bytes(encoded);
            }
        }
    }

    /** {@code (type x)? (param t*)* (result t*)*} as a block type: empty, one value type, or a type index. */
    private void blockType(Cursor c) throws WatException {
        boolean explicit = c.peekList("type");
        ModuleParser.TypeUse use;
        if (!explicit && !c.peekList("param") && !c.peekList("result")) {
            out.u8(0x40);
            return;
        }
        if (!explicit) {
            ModuleParser.FuncType sig = m.signature(c, false, null);
            if (sig.params().isEmpty() && sig.results().size() <= 1) {
                if (sig.results().isEmpty()) out.u8(0x40);
                else out.bytes(sig.results().get(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return;
            }
            out.s64(m.typeIndexOf(sig));
            return;
        }
        use = m.typeUse(c, null);
        if (use.type() != null && use.type().params().isEmpty() && use.type().results().size() <= 1) {
            // (type x) naming [] -> [t?]: the short form says the same.
            if (use.type().results().isEmpty()) out.u8(0x40);
            else out.bytes(use.type().results().get(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        out.s64(use.index());
    }

    /** Any instruction but block, loop and if: the opcode and its immediates, consumed from {@code c}. */
    private Bytes simple(Sexp.Atom op, Cursor c) throws WatException {
        Info info = Instructions.get(op.text());
        if (info == null) {
            if (EXCEPTION_OPS.contains(op.text())) throw m.unsupported(op, Feature.EXCEPTIONS, op.text());
            for (String p : GC_PREFIXES) {
                if (op.text().startsWith(p)) throw m.unsupported(op, Feature.GC, op.text());
            }
            throw source.error(op.pos(), "unknown operator " + op.text());
        }
        if (info.feature() != null) m.features.add(info.feature());
        Bytes b = new Bytes();
        int code = info.opcode();
        if (code > 0xff) {
            b.u8(code >>> 16).u32(code & 0xffff);
        } else {
            b.u8(code);
        }
        switch (info.imm()) {
            case NONE -> {}
            case LABEL -> b.u32(label(c.nextAtom("a label")));
            case BR_TABLE -> {
                List<Integer> targets = new ArrayList<>();
                targets.add(label(c.nextAtom("a label")));
                while (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
                    targets.add(label((Sexp.Atom) c.next()));
                }
                b.u32(targets.size() - 1);
                for (int t : targets) b.u32(t);
            }
            case FUNC -> b.u32(m.index(c.nextAtom("a function index"), m.funcs));
            case TYPE -> b.u32(m.index(c.nextAtom("a type index"), m.types));
            case CALL_INDIRECT -> {
                int table = 0;
                if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
                    table = m.index((Sexp.Atom) c.next(), m.tables);
                }
                ModuleParser.TypeUse use = m.typeUse(c, null);
                b.u32(use.index()).u32(table);
            }
            case LOCAL -> {
                Sexp.Atom a = c.nextAtom("a local index");
                if (a.isId()) {
                    Integer i = localIds.get(a.text());
                    if (i == null) throw source.error(a.pos(), "unknown local " + a.text());
                    b.u32(i);
                } else {
                    b.u32(m.u32(a));
                }
            }
            case GLOBAL -> b.u32(m.index(c.nextAtom("a global index"), m.globals));
            case TABLE -> b.u32(optionalIndex(c, m.tables));
            case TABLE_INIT -> {
                Sexp.Atom first = c.nextAtom("an element segment index");
                if (c.peek() instanceof Sexp.Atom second && (second.isId() || Numbers.isInt(second.text()))) {
                    c.next();
                    int table = m.index(first, m.tables);
                    b.u32(m.index(second, m.elems)).u32(table);
                } else {
                    b.u32(m.index(first, m.elems)).u32(0);
                }
            }
            case TABLE_COPY -> {
                int dst = optionalIndex(c, m.tables);
                int src = dst;
                if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
                    src = m.index((Sexp.Atom) c.next(), m.tables);
                } else if (dst != 0) {
                    throw c.error("expected the source table index");
                }
                b.u32(dst).u32(src);
            }
            case ELEM -> b.u32(m.index(c.nextAtom("an element segment index"), m.elems));
            case MEMARG -> memarg(c, info, b, false);
            case MEMARG_LANE -> {
                memarg(c, info, b, true);
                b.u8(lane(c));
            }
            case MEMORY -> {
                int mem = optionalIndex(c, m.mems);
                if (mem != 0) m.features.add(Feature.MULTI_MEMORY);
                b.u32(mem);
            }
            case MEMORY_INIT -> {
                m.needsDataCount = true;
                Sexp.Atom first = c.nextAtom("a data segment index");
                int mem = 0;
                Sexp.Atom data = first;
                if (c.peek() instanceof Sexp.Atom second && (second.isId() || Numbers.isInt(second.text()))) {
                    c.next();
                    mem = m.index(first, m.mems);
                    data = second;
                }
                b.u32(m.index(data, m.datas)).u32(mem);
            }
            case MEMORY_COPY -> {
                int dst = optionalIndex(c, m.mems);
                int src = dst;
                if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
                    src = m.index((Sexp.Atom) c.next(), m.mems);
                }
                if (dst != 0 || src != 0) m.features.add(Feature.MULTI_MEMORY);
                b.u32(dst).u32(src);
            }
            case DATA -> {
                m.needsDataCount = true;
                b.u32(m.index(c.nextAtom("a data segment index"), m.datas));
            }
            case I32 -> b.s64((int) integer(c.nextAtom("an i32 constant"), 32));
            case I64 -> b.s64(integer(c.nextAtom("an i64 constant"), 64));
            case F32 -> b.f32(f32(c.nextAtom("an f32 constant")));
            case F64 -> b.f64(f64(c.nextAtom("an f64 constant")));
            case V128 -> b.bytes(v128(c));
            case SHUFFLE -> {
                for (int i = 0; i < 16; i++) b.u8(lane(c));
            }
            case LANE -> b.u8(lane(c));
            case REF_NULL -> b.bytes(m.heapType(c.nextAtom("a heap type (func or extern)"))
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            case SELECT -> {
                if (c.peekList("result")) {
                    List<String> types = new ArrayList<>();
                    while (c.peekList("result")) {
                        Cursor rc = m.cursor((Sexp.Lst) c.next(), 1);
                        while (!rc.atEnd()) types.add(m.valType(rc));
                    }
                    b = new Bytes().u8(0x1c).u32(types.size());
                    for (String t : types) b.bytes(t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return b;
    }

    private int optionalIndex(Cursor c, ModuleParser.Space space) throws WatException {
        if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
            c.next();
            return m.index(a, space);
        }
        return 0;
    }

    private int label(Sexp.Atom a) throws WatException {
        if (a.isId()) {
            for (int i = labels.size() - 1; i >= 0; i--) {
                if (a.text().equals(labels.get(i))) return labels.size() - 1 - i;
            }
            throw source.error(a.pos(), "unknown label " + a.text());
        }
        return (int) m.u32(a);
    }

    private int lane(Cursor c) throws WatException {
        Sexp.Atom a = c.nextAtom("a lane index");
        try {
            long v = Numbers.parseUnsigned(a.text(), 8);
            return (int) v;
        } catch (NumberFormatException e) {
            throw source.error(a.pos(), "malformed lane index '" + a.text() + "': expected 0..255");
        }
    }

    /** {@code memidx? offset=N? align=N?}. */
    private void memarg(Cursor c, Info info, Bytes b, boolean lane) throws WatException {
        int mem = 0;
        if (c.peek() instanceof Sexp.Atom a && (a.isId() || Numbers.isInt(a.text()))) {
            boolean isMemory = a.isId();
            if (lane && !isMemory) {
                // v128.load8_lane 1 2: memory 1, lane 2; v128.load8_lane 2: lane 2.
                isMemory = c.peek(1) instanceof Sexp.Atom next
                        && (Numbers.isInt(next.text()) || next.text().startsWith("offset=") || next.text().startsWith("align="));
            }
            if (isMemory) {
                c.next();
                mem = m.index(a, m.mems);
            }
        }
        boolean is64 = mem < m.memory64.size() && m.memory64.get(mem);
        long offset = 0;
        if (c.peek() instanceof Sexp.Atom a && a.text().startsWith("offset=")) {
            c.next();
            offset = keyValue(a, "offset=", 64); // u64 in the text since Wasm 3.0; the validator checks the range
        }
        int align = info.naturalAlign();
        if (c.peek() instanceof Sexp.Atom a && a.text().startsWith("align=")) {
            c.next();
            long value = keyValue(a, "align=", 64);
            if (value == 0 || Long.bitCount(value) != 1) {
                throw source.error(a.pos(), "alignment must be a power of two, got " + value);
            }
            align = Long.numberOfTrailingZeros(value);
        }
        if (mem != 0) {
            m.features.add(Feature.MULTI_MEMORY);
            b.u32(align | 0x40).u32(mem).u32(offset);
        } else {
            b.u32(align).u32(offset);
        }
    }

    private long keyValue(Sexp.Atom a, String key, int bits) throws WatException {
        String value = a.text().substring(key.length());
        try {
            return Numbers.parseUnsigned(value, bits);
        } catch (NumberFormatException e) {
            throw source.error(a.pos(), (e.getMessage().startsWith("constant") ? "i" + bits + " constant out of range"
                    : "malformed " + key + " value") + " in '" + a.text() + "'");
        }
    }

    private long integer(Sexp.Atom a, int bits) throws WatException {
        try {
            return Numbers.parseInt(a.text(), bits);
        } catch (NumberFormatException e) {
            throw numberError(a, e, "i" + bits);
        }
    }

    private int f32(Sexp.Atom a) throws WatException {
        try {
            return Numbers.parseF32(a.text());
        } catch (NumberFormatException e) {
            throw numberError(a, e, "f32");
        }
    }

    private long f64(Sexp.Atom a) throws WatException {
        try {
            return Numbers.parseF64(a.text());
        } catch (NumberFormatException e) {
            throw numberError(a, e, "f64");
        }
    }

    private WatException numberError(Sexp.Atom a, NumberFormatException e, String type) {
        String reason = e.getMessage();
        if (reason.startsWith("constant out of range")) return source.error(a.pos(), type + " " + reason + ": " + a.text());
        return source.error(a.pos(), "unexpected token '" + a.text() + "': expected an " + type + " literal");
    }

    /** {@code shape lane*} of v128.const, as 16 little-endian bytes. */
    private byte[] v128(Cursor c) throws WatException {
        Sexp.Atom shape = c.nextAtom("a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
        Bytes b = new Bytes();
        switch (shape.text()) {
            case "i8x16" -> {
                for (int i = 0; i < 16; i++) b.u8((int) integer(c.nextAtom("16 i8 lanes"), 8));
            }
            case "i16x8" -> {
                for (int i = 0; i < 8; i++) {
                    int v = (int) integer(c.nextAtom("8 i16 lanes"), 16);
                    b.u8(v).u8(v >> 8);
                }
            }
            case "i32x4" -> {
                for (int i = 0; i < 4; i++) b.f32((int) integer(c.nextAtom("4 i32 lanes"), 32));
            }
            case "i64x2" -> {
                for (int i = 0; i < 2; i++) b.f64(integer(c.nextAtom("2 i64 lanes"), 64));
            }
            case "f32x4" -> {
                for (int i = 0; i < 4; i++) b.f32(f32(c.nextAtom("4 f32 lanes")));
            }
            case "f64x2" -> {
                for (int i = 0; i < 2; i++) b.f64(f64(c.nextAtom("2 f64 lanes")));
            }
            default -> throw source.error(shape.pos(), "unexpected token '" + shape.text()
                    + "': expected a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
        }
        return b.toArray();
    }
}
