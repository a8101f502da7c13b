package dev.pinion.engine.internal.exec;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Limits;
import dev.pinion.engine.LinkException;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.interp.Traps;
import dev.pinion.engine.internal.model.ConstExpr;
import dev.pinion.engine.internal.model.DataSegment;
import dev.pinion.engine.internal.model.ElementSegment;
import dev.pinion.engine.internal.model.Export;
import dev.pinion.engine.internal.model.GlobalDef;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Links and instantiates a module in the Wasm 2.0 order: resolve and type-check imports, then globals, tables,
 * memories, exports, element segments (active ones copied then dropped, declarative ones dropped), data segments,
 * and finally the start function.
 */
final class Instantiator {
    private Instantiator() {}

    static InstanceImpl instantiate(CompiledModule m, Imports imports) {
        ModuleInfo info = m.info;
        InstanceImpl inst = new InstanceImpl(m);
        List<FunctionInstance> funcs = new ArrayList<>();
        List<TableInstance> tables = new ArrayList<>();
        List<MemoryInstance> mems = new ArrayList<>();
        List<GlobalInstance> globals = new ArrayList<>();

        for (Import im : info.imports()) {
            Object ext = imports.resolve(im.module(), im.name());
            String where = "'" + im.module() + "' '" + im.name() + "'";
            if (ext == null) throw new LinkException("unknown import " + where);
            // instanceof, not a pattern switch: each pattern switch spins a class at its first run, and the first
            // one in a cold JVM costs 10 ms or more, a fifth of a `pinion run` (RATIONALE.md, "Start-up").
            ExternType type = im.type();
            if (type instanceof ExternType.Func f) {
                if (!(ext instanceof FunctionInstance fi) || !fi.type().equals(f.type())) {
                    throw incompatible(where, f.type().toString(), ext);
                }
                funcs.add(fi);
            } else if (type instanceof ExternType.Table t) {
                if (!(ext instanceof TableInstance ti) || ti.elementType() != t.elementType()
                        || !limitsMatch(ti.limits(), t.limits())) {
                    throw incompatible(where, "table " + t.elementType().wasmName() + " " + t.limits(), ext);
                }
                tables.add(ti);
            } else if (type instanceof ExternType.Memory mt) {
                if (!(ext instanceof MemoryInstance mi) || !limitsMatch(mi.limits(), mt.limits())) {
                    throw incompatible(where, "memory " + mt.limits(), ext);
                }
                mems.add(mi);
            } else {
                ExternType.Global g = (ExternType.Global) type;
                if (!(ext instanceof GlobalInstance gi) || gi.type() != g.valueType() || gi.mutable() != g.mutable()) {
                    throw incompatible(where, "global " + (g.mutable() ? "mut " : "") + g.valueType().wasmName(), ext);
                }
                globals.add(gi);
            }
        }
        int nImportedGlobals = globals.size();
        int defined = m.definedFunctionCount();
        inst.functions = new FunctionInstance[funcs.size() + defined];
        for (int i = 0; i < funcs.size(); i++) inst.functions[i] = funcs.get(i);
        for (int i = 0; i < defined; i++) {
            int index = funcs.size() + i;
            inst.functions[index] = new WasmFunction(inst, index, m.functionTypes().get(index));
        }
        inst.typeIds = new int[info.types().size()];
        for (int i = 0; i < inst.typeIds.length; i++) inst.typeIds[i] = TypeIds.of(info.types().get(i));

        // globals: initialisers may read imported globals (and earlier ones) and take function references
        inst.globals = new GlobalInstance[nImportedGlobals + info.globals().size()];
        for (int i = 0; i < nImportedGlobals; i++) inst.globals[i] = globals.get(i);
        for (int i = 0; i < info.globals().size(); i++) {
            GlobalDef def = info.globals().get(i);
            GlobalInstance g = new GlobalInstance(def.type().valueType(), def.type().mutable());
            if (def.type().valueType().isReference()) g.ref = evalRef(def.init(), inst);
            else if (def.type().valueType() == ValType.V128) evalV128(def.init(), inst, g);
            else g.bits = evalNumeric(def.init(), inst);
            inst.globals[nImportedGlobals + i] = g;
        }

        for (ExternType.Table t : info.tables()) {
            tables.add(new TableInstance(t.elementType(), t.limits(), m.config().maxTableSize()));
        }
        inst.tables = tables.toArray(new TableInstance[0]);
        for (ExternType.Memory mt : info.memories()) mems.add(new MemoryInstance(mt.limits(), m.config().maxMemoryPages()));
        inst.memory = mems.isEmpty() ? null : mems.get(0);

        for (Export e : info.exports()) {
            Object v = switch (e.kind()) {
                case Export.FUNC -> inst.functions[e.index()];
                case Export.TABLE -> inst.tables[e.index()];
                case Export.MEMORY -> mems.get(e.index());
                default -> inst.globals[e.index()];
            };
            inst.exports.put(e.name(), v);
        }

        List<ElementSegment> elements = info.elements();
        inst.elems = new Object[elements.size()][];
        for (int i = 0; i < elements.size(); i++) {
            ElementSegment seg = elements.get(i);
            Object[] items = new Object[seg.init().size()];
            for (int k = 0; k < items.length; k++) items[k] = evalRef(seg.init().get(k), inst);
            inst.elems[i] = items;
        }
        inst.dataDropped = new boolean[info.datas().size()];

        for (int i = 0; i < elements.size(); i++) {
            ElementSegment seg = elements.get(i);
            if (seg.mode() == ElementSegment.Mode.ACTIVE) {
                TableInstance t = inst.tables[seg.tableIndex()];
                long offset = evalNumeric(seg.tableOffset(), inst) & 0xFFFF_FFFFL;
                Object[] items = inst.elems[i];
                if (offset + items.length > t.elements.length) throw Traps.table();
                System.arraycopy(items, 0, t.elements, (int) offset, items.length);
                inst.elems[i] = null;
            } else if (seg.mode() == ElementSegment.Mode.DECLARATIVE) {
                inst.elems[i] = null;
            }
        }
        for (int i = 0; i < info.datas().size(); i++) {
            DataSegment seg = info.datas().get(i);
            if (!seg.active()) continue;
            MemoryInstance mem = mems.get(seg.memIndex());
            long offset = evalNumeric(seg.memOffset(), inst) & 0xFFFF_FFFFL;
            if (offset + seg.dataLength() > mem.size) throw Traps.memory();
            mem.write(offset, info.bytes(), seg.dataOffset(), seg.dataLength());
            inst.dataDropped[i] = true;
        }

        dev.pinion.engine.internal.tier2.Tier2.instantiated(inst, m.config().tier());
        if (info.start() >= 0) inst.functions[info.start()].call();
        return inst;
    }

    private static LinkException incompatible(String where, String expected, Object actual) {
        return new LinkException("incompatible import type for " + where + ": expected " + expected + ", got "
                + describe(actual));
    }

    private static String describe(Object ext) {
        return switch (ext) {
            case FunctionInstance f -> "function " + f.type();
            case TableInstance t -> "table " + t.elementType().wasmName() + " " + t.limits();
            case MemoryInstance mi -> "memory " + mi.limits();
            case GlobalInstance g -> "global " + (g.mutable() ? "mut " : "") + g.type().wasmName();
            default -> ext.getClass().getSimpleName();
        };
    }

    /** Import subtyping of limits: at least the required minimum, and a maximum no larger than the required one. */
    private static boolean limitsMatch(Limits actual, Limits required) {
        if (actual.min() < required.min()) return false;
        if (!required.hasMax()) return true;
        return actual.hasMax() && actual.max() <= required.max();
    }

    /** Evaluates a numeric constant expression (extended-const arithmetic included). */
    static long evalNumeric(ConstExpr e, InstanceImpl inst) {
        long[] stack = new long[e.instrs().size()];
        int sp = 0;
        for (ConstExpr.Instr in : e.instrs()) {
            switch (in.opcode()) {
                case 0x41, 0x42, 0x43, 0x44 -> stack[sp++] = in.imm();
                case 0x23 -> stack[sp++] = inst.globals[(int) in.imm()].bits;
                case 0x6A -> { sp--; stack[sp - 1] = (int) stack[sp - 1] + (int) stack[sp]; }
                case 0x6B -> { sp--; stack[sp - 1] = (int) stack[sp - 1] - (int) stack[sp]; }
                case 0x6C -> { sp--; stack[sp - 1] = (int) stack[sp - 1] * (int) stack[sp]; }
                case 0x7C -> { sp--; stack[sp - 1] = stack[sp - 1] + stack[sp]; }
                case 0x7D -> { sp--; stack[sp - 1] = stack[sp - 1] - stack[sp]; }
                case 0x7E -> { sp--; stack[sp - 1] = stack[sp - 1] * stack[sp]; }
                default -> throw new IllegalStateException("not a numeric constant instruction: 0x"
                        + Integer.toHexString(in.opcode()));
            }
        }
        return stack[sp - 1];
    }

    /** Evaluates a reference constant expression: ref.null, ref.func or global.get of a reference global. */
    /** A v128 initialiser: v128.const or global.get of a v128 global (no other instruction yields a v128). */
    static void evalV128(ConstExpr e, InstanceImpl inst, GlobalInstance g) {
        ConstExpr.Instr in = e.instrs().get(0);
        if (in.opcode() == 0x23) {
            GlobalInstance src = inst.globals[(int) in.imm()];
            g.bits = src.bits;
            g.high = src.high;
        } else {
            g.bits = in.imm();
            g.high = in.immHigh();
        }
    }

    static Object evalRef(ConstExpr e, InstanceImpl inst) {
        ConstExpr.Instr in = e.instrs().get(e.instrs().size() - 1);
        return switch (in.opcode()) {
            case 0xD0 -> null;
            case 0xD2 -> inst.functions[(int) in.imm()];
            case 0x23 -> inst.globals[(int) in.imm()].ref;
            default -> throw new IllegalStateException("not a reference constant instruction: 0x"
                    + Integer.toHexString(in.opcode()));
        };
    }
}
