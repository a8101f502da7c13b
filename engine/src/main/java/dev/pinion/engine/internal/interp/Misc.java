package dev.pinion.engine.internal.interp;

import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.MemoryInstance;
import dev.pinion.engine.internal.exec.TableInstance;

import java.util.Arrays;

/**
 * Table, bulk-memory and reference instructions ({@link Op#MISC}): rare enough to live outside the interpreter
 * loop. Operands are read from the code at {@code pc + 2} onward (after the MISC opcode and its length).
 */
final class Misc {
    private Misc() {}

    static void run(ExecContext ctx, InstanceImpl inst, int[] code, int pc, long[] s, int fp) {
        int sub = code[pc + 2];
        int o = pc + 3;
        switch (sub) {
            case Op.M_REF_FUNC -> s[fp + code[o]] = ctx.ref(inst.functions[code[o + 1]]);
            case Op.M_GLOBAL_GET_REF -> s[fp + code[o]] = ctx.ref(inst.globals[code[o + 1]].ref);
            case Op.M_GLOBAL_SET_REF -> inst.globals[code[o]].ref = ctx.deref(s[fp + code[o + 1]]);
            case Op.M_GLOBAL_GET_V128 -> {
                var g = inst.globals[code[o + 1]];
                s[fp + code[o]] = g.bits;
                s[fp + code[o] + 1] = g.high;
            }
            case Op.M_GLOBAL_SET_V128 -> {
                var g = inst.globals[code[o]];
                g.bits = s[fp + code[o + 1]];
                g.high = s[fp + code[o + 1] + 1];
            }
            case Op.M_TABLE_GET -> {
                TableInstance t = inst.tables[code[o]];
                int i = (int) s[fp + code[o + 2]];
                if (i < 0 || i >= t.elements.length) throw Traps.table();
                s[fp + code[o + 1]] = ctx.ref(t.elements[i]);
            }
            case Op.M_TABLE_SET -> {
                TableInstance t = inst.tables[code[o]];
                int i = (int) s[fp + code[o + 1]];
                if (i < 0 || i >= t.elements.length) throw Traps.table();
                t.elements[i] = ctx.deref(s[fp + code[o + 2]]);
            }
            case Op.M_TABLE_SIZE -> s[fp + code[o + 1]] = inst.tables[code[o]].elements.length;
            case Op.M_TABLE_GROW -> {
                TableInstance t = inst.tables[code[o]];
                Object init = ctx.deref(s[fp + code[o + 2]]);
                s[fp + code[o + 1]] = t.grow((int) s[fp + code[o + 3]], init);
            }
            case Op.M_TABLE_FILL -> {
                TableInstance t = inst.tables[code[o]];
                long i = s[fp + code[o + 1]] & 0xFFFF_FFFFL;
                Object v = ctx.deref(s[fp + code[o + 2]]);
                long n = s[fp + code[o + 3]] & 0xFFFF_FFFFL;
                if (i + n > t.elements.length) throw Traps.table();
                Arrays.fill(t.elements, (int) i, (int) (i + n), v);
            }
            case Op.M_TABLE_COPY -> {
                TableInstance dt = inst.tables[code[o]], st = inst.tables[code[o + 1]];
                long d = s[fp + code[o + 2]] & 0xFFFF_FFFFL;
                long src = s[fp + code[o + 3]] & 0xFFFF_FFFFL;
                long n = s[fp + code[o + 4]] & 0xFFFF_FFFFL;
                if (src + n > st.elements.length || d + n > dt.elements.length) throw Traps.table();
                System.arraycopy(st.elements, (int) src, dt.elements, (int) d, (int) n);
            }
            case Op.M_TABLE_INIT -> {
                TableInstance t = inst.tables[code[o]];
                Object[] seg = inst.elems[code[o + 1]];
                long d = s[fp + code[o + 2]] & 0xFFFF_FFFFL;
                long src = s[fp + code[o + 3]] & 0xFFFF_FFFFL;
                long n = s[fp + code[o + 4]] & 0xFFFF_FFFFL;
                int segLen = seg == null ? 0 : seg.length;
                if (src + n > segLen || d + n > t.elements.length) throw Traps.table();
                if (n > 0) System.arraycopy(seg, (int) src, t.elements, (int) d, (int) n);
            }
            case Op.M_ELEM_DROP -> inst.elems[code[o]] = null;
            case Op.M_MEMORY_INIT -> {
                MemoryInstance m = inst.memory;
                int seg = code[o];
                long d = s[fp + code[o + 1]] & 0xFFFF_FFFFL;
                long src = s[fp + code[o + 2]] & 0xFFFF_FFFFL;
                long n = s[fp + code[o + 3]] & 0xFFFF_FFFFL;
                int segLen = inst.dataDropped[seg] ? 0 : inst.module.dataLength(seg);
                if (src + n > segLen || d + n > m.size) throw Traps.memory();
                if (n > 0) m.write(d, inst.module.bytes(), inst.module.dataOffset(seg) + (int) src, (int) n);
            }
            case Op.M_DATA_DROP -> inst.dataDropped[code[o]] = true;
            case Op.M_MEMORY_COPY -> {
                long d = s[fp + code[o]] & 0xFFFF_FFFFL;
                long src = s[fp + code[o + 1]] & 0xFFFF_FFFFL;
                long n = s[fp + code[o + 2]] & 0xFFFF_FFFFL;
                inst.memory.copyWithin(d, src, n); // bounds-checked; overlapping ranges copy as memmove does
            }
            case Op.M_MEMORY_FILL -> {
                long d = s[fp + code[o]] & 0xFFFF_FFFFL;
                byte v = (byte) s[fp + code[o + 1]];
                long n = s[fp + code[o + 2]] & 0xFFFF_FFFFL;
                inst.memory.fill(d, v, n); // bounds-checked
            }
            default -> throw new IllegalStateException("bad MISC sub-opcode " + sub);
        }
    }

}
