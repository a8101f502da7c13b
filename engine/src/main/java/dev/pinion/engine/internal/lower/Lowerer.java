package dev.pinion.engine.internal.lower;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.binary.CodeReader;
import dev.pinion.engine.internal.binary.Opcodes;
import dev.pinion.engine.internal.interp.Op;
import dev.pinion.engine.internal.model.Code;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;
import dev.pinion.engine.internal.model.Slots;

import java.util.Arrays;

/**
 * Lowers one validated function body to register-style internal code. Because the operand-stack height is static
 * at every instruction, each stack entry has a fixed frame slot ({@code numLocals + height}), and instructions name
 * their operand slots directly. Three cheap rewrites remove most moves:
 * <ul>
 *   <li>{@code local.get x} emits nothing: the stack entry aliases slot x until it is consumed (or x is written,
 *       or control flow needs the value in its home slot);</li>
 *   <li>{@code local.set x} right after an instruction that produced the top of the stack retargets that
 *       instruction's destination to x;</li>
 *   <li>an i32 comparison right before {@code br_if}/{@code if} fuses into one compare-and-branch.</li>
 * </ul>
 * Unreachable code (after br, return, unreachable, br_table) is skipped. Fuel is charged by a FUEL instruction at
 * function entry and at every loop header, costing the instructions up to the next such point.
 */
public final class Lowerer {
    private final ModuleInfo module;
    private final FuncType[] funcTypes;   // every function in the index space
    private final boolean[] refGlobal;    // global index -> holds a reference
    private final boolean[] v128Global;   // global index -> holds a v128
    private final int importedFuncs;

    public Lowerer(ModuleInfo module) {
        this.module = module;
        int nf = 0, ng = 0;
        for (Import im : module.imports()) {
            if (im.type() instanceof dev.pinion.engine.ExternType.Func) nf++;
            if (im.type() instanceof dev.pinion.engine.ExternType.Global) ng++;
        }
        importedFuncs = nf;
        funcTypes = new FuncType[nf + module.funcTypeIndices().length];
        refGlobal = new boolean[ng + module.globals().size()];
        v128Global = new boolean[refGlobal.length];
        int fi = 0, gi = 0;
        for (Import im : module.imports()) {
            if (im.type() instanceof dev.pinion.engine.ExternType.Func f) funcTypes[fi++] = f.type();
            if (im.type() instanceof dev.pinion.engine.ExternType.Global g) {
                v128Global[gi] = g.valueType() == ValType.V128;
                refGlobal[gi++] = g.valueType().isReference();
            }
        }
        for (int t : module.funcTypeIndices()) funcTypes[fi++] = module.types().get(t);
        for (var g : module.globals()) {
            v128Global[gi] = g.type().valueType() == ValType.V128;
            refGlobal[gi++] = g.type().valueType().isReference();
        }
    }

    public int importedFunctionCount() {
        return importedFuncs;
    }

    public FuncType functionType(int index) {
        return funcTypes[index];
    }

    /** Lowers defined function {@code defIndex} (0-based among defined functions). */
    public CompiledFunction lower(int defIndex) {
        int index = importedFuncs + defIndex;
        return new FunctionLowering(index, funcTypes[index], module.codes().get(defIndex)).run();
    }

    // ------------------------------------------------------------------------------------------------------

    private final class FunctionLowering {
        private final int index;
        private final FuncType type;
        private final Code body;
        private final int numLocals;   // frame slots of the parameters and locals (a v128 takes two)
        private final int[] localSlot; // local index -> frame slot, or null when every local takes one slot
        private final CodeReader in;
        private final ConstantPool pool;
        private final int stackBase;   // first operand-stack slot: after the locals and the constant slots

        private int[] out = new int[64];
        private int n;                 // emitted length
        private int h;                 // operand stack height
        private int maxSlots;          // most operand-stack slots in use at once
        private int[] alias = new int[16]; // per stack entry: local slot it aliases, or -1 (value in home slot)
        private int[] off = new int[17];   // per stack entry: its first slot after stackBase; off[h] = slots in use

        // control stack
        private Ctl[] ctl = new Ctl[8];
        private int depth;

        private int lastDst = -1;      // code index of the destination operand of the last emitted op, if retargetable
        private int lastCmp = -1;      // code index of the last emitted i32 compare (for fusion), or -1
        private int lastI32Const = -1; // code index of the last emitted i32.const (for immediate folding)
        private int lastBinop = -1;    // code index of the last emitted binop while nothing followed it (fusion)
        private int fuelAt = -1;       // code index of the cost operand of the current FUEL instruction
        private boolean loops;         // whether a loop was lowered (tier 2 then marks its headers, LoopHeaders)
        private int fuelCount;

        FunctionLowering(int index, FuncType type, Code body) {
            this.index = index;
            this.type = type;
            this.body = body;
            this.localSlot = localSlots(type, body);
            this.numLocals = localSlot == null ? type.params().size() + body.localCount()
                    : localSlot[localSlot.length - 1];
            this.in = new CodeReader(module.bytes(), body.bodyStart(), body.bodyEnd());
            this.pool = ConstantPool.scan(new CodeReader(module.bytes(), body.bodyStart(), body.bodyEnd()));
            this.stackBase = numLocals + pool.size();
        }

        CompiledFunction run() {
            Ctl f = push(Ctl.BLOCK, new FuncType(java.util.List.of(), type.results()), 0);
            f.funcBody = true;
            startFuel();
            while (depth > 0) {
                int op = in.opcode();
                fuelCount++;
                if (ctl[depth - 1].unreachable) {
                    skip(op);
                } else {
                    instr(op);
                }
            }
            finishFuel();
            return new CompiledFunction(index, type, Arrays.copyOf(out, n), numLocals, pool.values(),
                    stackBase + maxSlots + 1, loops);
        }

        /**
         * Frame slots of the locals when some parameter or local is a v128 (two slots): entry i is the slot of
         * local i and one more entry holds the total. Null when every local takes one slot (slot = index).
         */
        private static int[] localSlots(FuncType type, Code body) {
            boolean wide = type.params().contains(ValType.V128);
            for (int r = 0; r < body.runCount() && !wide; r++) wide = body.runType(r) == ValType.V128;
            if (!wide) return null;
            int np = type.params().size();
            int[] slot = new int[np + body.localCount() + 1];
            int next = 0, i = 0;
            for (ValType t : type.params()) {
                slot[i++] = next;
                next += Slots.of(t);
            }
            for (int r = 0; r < body.runCount(); r++) {
                int w = Slots.of(body.runType(r));
                for (int k = body.runLength(r); k > 0; k--) {
                    slot[i++] = next;
                    next += w;
                }
            }
            slot[i] = next;
            return slot;
        }

        private int localSlot(int index) {
            return localSlot == null ? index : localSlot[index];
        }

        private int localWidth(int index) {
            return localSlot == null ? 1 : localSlot[index + 1] - localSlot[index];
        }

        // ---- control frames ----

        private Ctl push(int kind, FuncType bt, int startPc) {
            if (depth == ctl.length) ctl = Arrays.copyOf(ctl, depth * 2);
            Ctl c = new Ctl();
            c.kind = kind;
            c.type = bt;
            c.params = bt.params().size();
            c.results = bt.results().size();
            c.height = h - c.params;
            c.startPc = startPc;
            ctl[depth++] = c;
            return c;
        }

        /** Skips an instruction in unreachable code, tracking nesting so the matching else/end is found. */
        private void skip(int op) {
            Ctl c = ctl[depth - 1];
            switch (op) {
                case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.IF -> {
                    in.s33();
                    c.skipDepth++;
                }
                case Opcodes.ELSE -> {
                    if (c.skipDepth == 0) elseOp(c);
                }
                case Opcodes.END -> {
                    if (c.skipDepth > 0) c.skipDepth--;
                    else endOp();
                }
                default -> skipImmediates(in, op);
            }
        }

        // ---- emission helpers ----

        private void emit(int v) {
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            out[n++] = v;
        }

        private void emit(int a, int b) {
            emit(a);
            emit(b);
        }

        private void emit(int a, int b, int c) {
            emit(a);
            emit(b);
            emit(c);
        }

        private void emit(int a, int b, int c, int d) {
            emit(a, b);
            emit(c, d);
        }

        private int home(int stackIndex) {
            return stackBase + off[stackIndex];
        }

        /** Slots of stack entry i (1, or 2 for a v128); also valid for an entry just popped. */
        private int width(int stackIndex) {
            return off[stackIndex + 1] - off[stackIndex];
        }

        /** Emits a move of a value of {@code width} slots. */
        private void move(int dst, int src, int width) {
            if (width == 1) emit(Op.MOVE, dst, src);
            else emit(Op.MOVE_N, dst, src, width);
        }

        /** Resets the stack to {@code height} entries, then pushes fresh entries of the given types. */
        private void restack(int height, java.util.List<ValType> types) {
            h = height;
            for (int i = 0, k = types.size(); i < k; i++) push(Slots.of(types.get(i)));
        }

        /** Pops an operand and returns the slot holding it (its home slot or the local it aliases). */
        private int pop() {
            h--;
            int a = alias[h];
            return a >= 0 ? a : home(h);
        }

        /** Pushes an entry whose value the next emitted instruction writes to its home slot; returns that slot. */
        private int push() {
            return push(1);
        }

        /** Pushes an entry of {@code width} slots (see {@link #push()}). */
        private int push(int width) {
            if (h + 1 >= alias.length) {
                alias = Arrays.copyOf(alias, alias.length * 2);
                off = Arrays.copyOf(off, alias.length + 1);
            }
            alias[h] = -1;
            off[h + 1] = off[h] + width;
            h++;
            if (off[h] > maxSlots) maxSlots = off[h];
            return home(h - 1);
        }

        private void pushAlias(int slot, int width) {
            push(width);
            alias[h - 1] = slot;
        }

        /** Writes every aliased entry to its home slot: needed before control flow joins or splits. */
        private void materializeAll() {
            for (int i = 0; i < h; i++) {
                if (alias[i] >= 0) {
                    move(home(i), alias[i], width(i));
                    alias[i] = -1;
                }
            }
            noPeephole();
        }

        private void materializeLocal(int local) {
            for (int i = 0; i < h; i++) {
                if (alias[i] == local) {
                    move(home(i), local, width(i));
                    alias[i] = -1;
                    noPeephole();
                }
            }
        }

        private boolean aliased(int local) {
            for (int i = 0; i < h; i++) if (alias[i] == local) return true;
            return false;
        }

        private void noPeephole() {
            lastBinop = -1;
            lastDst = -1;
            lastCmp = -1;
            lastI32Const = -1;
        }

        /** Emits an op {@code d a b}; d becomes the new top. */
        private void binop(int op) {
            int b = pop(), a = pop();
            int d = push();
            emit(op, d, a, b);
            lastDst = n - 3;
            lastCmp = -1;
            lastBinop = n - 4;
        }

        /**
         * Whether {@code slot} holds the result of the binop {@code op} emitted last, with nothing emitted and no
         * label bound since (local.get and pooled constants emit nothing, so they may come between): then that
         * binop can be folded into its consumer, since its result is an operand-stack temporary that the
         * consumer is the only reader of.
         */
        private boolean isLastBinop(int op, int slot) {
            return lastBinop >= 0 && lastBinop == n - 4 && out[lastBinop] == op && out[lastBinop + 1] == slot
                    && slot >= stackBase;
        }

        /** {@code f64.mul} feeding {@code f64.add}: one F64_MUL_ADD (same two roundings). */
        private void f64Add() {
            int b = alias[h - 1] < 0 ? home(h - 1) : alias[h - 1];
            int a = alias[h - 2] < 0 ? home(h - 2) : alias[h - 2];
            int other = isLastBinop(Op.F64_MUL, b) ? a : isLastBinop(Op.F64_MUL, a) ? b : -1;
            if (other < 0 || other == out[lastBinop + 1]) {
                binop(Op.F64_ADD);
                return;
            }
            int x = out[lastBinop + 2], y = out[lastBinop + 3];
            n = lastBinop;
            h -= 2;
            int d = push();
            emit(Op.F64_MUL_ADD, d, x, y);
            emit(other);
            lastDst = n - 4;
            lastCmp = -1;
            lastBinop = -1;
        }

        /** The address operand of a load or store just popped into {@code slot} is the last emitted i32.add. */
        private boolean addressIsLastAdd(int slot) {
            return isLastBinop(Op.I32_ADD, slot) && slot == home(h);
        }

        private void unop(int op) {
            int a = pop();
            int d = push();
            emit(op, d, a);
            lastDst = n - 2;
            lastCmp = -1;
        }

        private void cmp(int op) {
            binop(op);
            lastCmp = n - 4;
        }

        private void rareUnary(int wasmOp) {
            int a = pop();
            int d = push();
            emit(Op.UNARY, wasmOp, d, a);
            lastDst = n - 2;
            lastCmp = -1;
        }

        private void rareBinary(int wasmOp) {
            int b = pop(), a = pop();
            int d = push();
            emit(Op.BINARY, wasmOp, d, a);
            emit(b);
            lastDst = n - 3;
            lastCmp = -1;
        }

        private void load(int op) {
            in.u32();
            int off = in.u32();
            int a = pop();
            int fused = fusedLoad(op);
            if (fused >= 0 && addressIsLastAdd(a)) {
                int x = out[lastBinop + 2], y = out[lastBinop + 3];
                n = lastBinop;
                int d = push();
                emit(fused, d, x, y);
                emit(off);
                lastDst = n - 4;
                lastCmp = -1;
                lastBinop = -1;
                return;
            }
            int d = push();
            emit(op, d, a, off);
            lastDst = n - 3;
            lastCmp = -1;
        }

        private void store(int op) {
            in.u32();
            int off = in.u32();
            int v = pop(), a = pop();
            int fused = fusedStore(op);
            if (fused >= 0 && addressIsLastAdd(a) && v != a) {
                int x = out[lastBinop + 2], y = out[lastBinop + 3];
                n = lastBinop;
                emit(fused, x, y, v);
                emit(off);
            } else {
                emit(op, a, v, off);
            }
            noPeephole();
        }

        private static int fusedLoad(int op) {
            return switch (op) {
                case Op.I32_LOAD -> Op.I32_LOAD_ADD;
                case Op.I64_LOAD -> Op.I64_LOAD_ADD;
                case Op.I32_LOAD8_U -> Op.I32_LOAD8_U_ADD;
                case Op.I32_LOAD8_S -> Op.I32_LOAD8_S_ADD;
                case Op.I32_LOAD16_U -> Op.I32_LOAD16_U_ADD;
                default -> -1;
            };
        }

        private static int fusedStore(int op) {
            return switch (op) {
                case Op.I32_STORE -> Op.I32_STORE_ADD;
                case Op.I64_STORE -> Op.I64_STORE_ADD;
                case Op.I32_STORE8 -> Op.I32_STORE8_ADD;
                default -> -1;
            };
        }

        private void misc(int... operands) {
            emit(Op.MISC, operands.length + 2);
            for (int o : operands) emit(o);
            noPeephole();
        }

        // ---- fuel ----

        private void startFuel() {
            finishFuel();
            emit(Op.FUEL, 0);
            fuelAt = n - 1;
            fuelCount = 0;
        }

        private void finishFuel() {
            if (fuelAt >= 0) out[fuelAt] = Math.max(1, fuelCount);
        }

        // ---- branches ----

        /** Emits the moves that carry a branch's values to the label's slots; returns whether any were needed. */
        private boolean needsCopy(Ctl target) {
            int arity = target.kind == Ctl.LOOP ? target.params : target.results;
            return arity > 0 && h - arity != target.height;
        }

        private void emitCopy(Ctl target) {
            int arity = target.kind == Ctl.LOOP ? target.params : target.results;
            int src = home(h - arity), dst = home(target.height);
            move(dst, src, off[h] - off[h - arity]);
        }

        /** Emits a jump operand to the label; forward labels are patched at their end. */
        private void emitTarget(Ctl target) {
            if (target.kind == Ctl.LOOP) {
                emit(backEdge(target));
            } else {
                target.addFixup(n);
                emit(-1);
            }
        }

        /**
         * The target operand of a br/br_if to a loop: {@code ~(instruction after the loop's FUEL)}. The branch
         * charges the loop's cost itself (negative target) and skips the FUEL dispatch; entering the loop from
         * above still runs FUEL. br_table keeps plain targets (to the FUEL instruction).
         */
        private int backEdge(Ctl loop) {
            return ~(loop.startPc + 2);
        }

        private void branch(Ctl target) {
            if (target.funcBody) {
                emitReturn();
                return;
            }
            if (needsCopy(target)) emitCopy(target);
            emit(Op.BR);
            emitTarget(target);
        }

        private void emitReturn() {
            int r = type.results().size();
            emit(Op.RETURN, home(h - r), off[h] - off[h - r]);
        }

        private Ctl label(int depthIndex) {
            return ctl[depth - 1 - depthIndex];
        }

        private void setUnreachable() {
            ctl[depth - 1].unreachable = true;
            ctl[depth - 1].skipDepth = 0;
            noPeephole();
        }

        private FuncType blockType() {
            long bt = in.s33();
            if (bt == -64) return EMPTY_BLOCK;
            if (bt < 0) return new FuncType(java.util.List.of(), java.util.List.of(ValType.fromCode((int) bt & 0x7F)));
            return module.types().get((int) bt);
        }

        // ---- the instructions ----

        private void instr(int op) {
            switch (op) {
                case Opcodes.UNREACHABLE -> {
                    emit(Op.UNREACHABLE);
                    setUnreachable();
                }
                case Opcodes.NOP -> { }
                case Opcodes.BLOCK -> {
                    FuncType bt = blockType();
                    materializeAll();
                    push(Ctl.BLOCK, bt, n);
                }
                case Opcodes.LOOP -> {
                    FuncType bt = blockType();
                    materializeAll();
                    startFuel();
                    push(Ctl.LOOP, bt, n - 2);
                    loops = true;
                }
                case Opcodes.IF -> {
                    FuncType bt = blockType();
                    int cond = fusedOrPlainCondition(true);
                    Ctl c = push(Ctl.IF, bt, n);
                    c.elseFixup = cond;
                }
                case Opcodes.ELSE -> elseOp(ctl[depth - 1]);
                case Opcodes.END -> endOp();
                case Opcodes.BR -> {
                    Ctl t = label(in.u32());
                    materializeAll();
                    branch(t);
                    setUnreachable();
                }
                case Opcodes.BR_IF -> brIf(label(in.u32()));
                case Opcodes.BR_TABLE -> brTable();
                case Opcodes.RETURN -> {
                    materializeAll();
                    emitReturn();
                    setUnreachable();
                }
                case Opcodes.CALL -> call(in.u32());
                case Opcodes.CALL_INDIRECT -> {
                    int typeIdx = in.u32();
                    int table = in.u32();
                    FuncType ft = module.types().get(typeIdx);
                    materializeAll();
                    int idx = pop();
                    h -= ft.params().size();
                    int base = home(h);
                    emit(Op.CALL_INDIRECT, typeIdx, table, idx);
                    emit(base);
                    pushResults(ft);
                }
                case Opcodes.DROP -> {
                    pop();
                    noPeephole();
                }
                case Opcodes.SELECT -> select();
                case Opcodes.SELECT_T -> {
                    int k = in.u32();
                    for (int i = 0; i < k; i++) in.u8();
                    select();
                }
                case Opcodes.LOCAL_GET -> {
                    int add = lastBinop;
                    int x = in.u32();
                    pushAlias(localSlot(x), localWidth(x));
                    noPeephole();
                    lastBinop = add;
                }
                case Opcodes.LOCAL_SET -> localSet(in.u32(), false);
                case Opcodes.LOCAL_TEE -> localSet(in.u32(), true);
                case Opcodes.GLOBAL_GET -> {
                    int g = in.u32();
                    int d = push(v128Global[g] ? 2 : 1);
                    if (v128Global[g]) {
                        misc(Op.M_GLOBAL_GET_V128, d, g);
                    } else if (refGlobal[g]) {
                        misc(Op.M_GLOBAL_GET_REF, d, g);
                    } else {
                        emit(Op.GLOBAL_GET, d, g);
                        lastDst = n - 2;
                        lastCmp = -1;
                    }
                }
                case Opcodes.GLOBAL_SET -> {
                    int g = in.u32();
                    int a = pop();
                    if (refGlobal[g]) misc(Op.M_GLOBAL_SET_REF, g, a);
                    else if (v128Global[g]) misc(Op.M_GLOBAL_SET_V128, g, a);
                    else {
                        emit(Op.GLOBAL_SET, g, a);
                        noPeephole();
                    }
                }
                case Opcodes.TABLE_GET -> {
                    int t = in.u32();
                    int a = pop();
                    int d = push();
                    misc(Op.M_TABLE_GET, t, d, a);
                }
                case Opcodes.TABLE_SET -> {
                    int t = in.u32();
                    int v = pop(), i = pop();
                    misc(Op.M_TABLE_SET, t, i, v);
                }
                case Opcodes.I32_LOAD, Opcodes.F32_LOAD -> load(Op.I32_LOAD);
                case Opcodes.I64_LOAD, Opcodes.F64_LOAD -> load(Op.I64_LOAD);
                case Opcodes.I32_LOAD8_S -> load(Op.I32_LOAD8_S);
                case Opcodes.I32_LOAD8_U -> load(Op.I32_LOAD8_U);
                case Opcodes.I32_LOAD16_S -> load(Op.I32_LOAD16_S);
                case Opcodes.I32_LOAD16_U -> load(Op.I32_LOAD16_U);
                case Opcodes.I64_LOAD8_S -> load(Op.I64_LOAD8_S);
                case Opcodes.I64_LOAD8_U -> load(Op.I64_LOAD8_U);
                case Opcodes.I64_LOAD16_S -> load(Op.I64_LOAD16_S);
                case Opcodes.I64_LOAD16_U -> load(Op.I64_LOAD16_U);
                case Opcodes.I64_LOAD32_S -> load(Op.I64_LOAD32_S);
                case Opcodes.I64_LOAD32_U -> load(Op.I64_LOAD32_U);
                case Opcodes.I32_STORE, Opcodes.F32_STORE -> store(Op.I32_STORE);
                case Opcodes.I64_STORE, Opcodes.F64_STORE -> store(Op.I64_STORE);
                case Opcodes.I32_STORE8 -> store(Op.I32_STORE8);
                case Opcodes.I32_STORE16 -> store(Op.I32_STORE16);
                case Opcodes.I64_STORE8 -> store(Op.I64_STORE8);
                case Opcodes.I64_STORE16 -> store(Op.I64_STORE16);
                case Opcodes.I64_STORE32 -> store(Op.I64_STORE32);
                case Opcodes.MEMORY_SIZE -> {
                    in.u8();
                    emit(Op.MEMORY_SIZE, push());
                    lastDst = n - 1;
                    lastCmp = -1;
                }
                case Opcodes.MEMORY_GROW -> {
                    in.u8();
                    unop(Op.MEMORY_GROW);
                }
                case Opcodes.I32_CONST -> {
                    int v = in.s32();
                    if (constant(v)) return;
                    emit(Op.I32_CONST, push(), v);
                    lastDst = n - 2;
                    lastCmp = -1;
                    lastI32Const = n - 3;
                }
                case Opcodes.I64_CONST -> i64Const(in.s64());
                case Opcodes.F32_CONST -> {
                    int v = in.f32Bits();
                    if (constant(v)) return;
                    emit(Op.I32_CONST, push(), v);
                    lastDst = n - 2;
                    lastCmp = -1;
                }
                case Opcodes.F64_CONST -> i64Const(in.f64Bits());
                case Opcodes.I32_EQZ -> {
                    unop(Op.I32_EQZ);
                    lastCmp = n - 3;
                }
                case Opcodes.I32_EQ -> cmp(Op.I32_EQ);
                case Opcodes.I32_NE -> cmp(Op.I32_NE);
                case Opcodes.I32_LT_S -> cmp(Op.I32_LT_S);
                case Opcodes.I32_LT_U -> cmp(Op.I32_LT_U);
                case Opcodes.I32_GT_S -> cmp(Op.I32_GT_S);
                case Opcodes.I32_GT_U -> cmp(Op.I32_GT_U);
                case Opcodes.I32_LE_S -> cmp(Op.I32_LE_S);
                case Opcodes.I32_LE_U -> cmp(Op.I32_LE_U);
                case Opcodes.I32_GE_S -> cmp(Op.I32_GE_S);
                case Opcodes.I32_GE_U -> cmp(Op.I32_GE_U);
                case Opcodes.I64_EQZ -> unop(Op.I64_EQZ);
                case Opcodes.I64_EQ -> binop(Op.I64_EQ);
                case Opcodes.I64_NE -> binop(Op.I64_NE);
                case Opcodes.I64_LT_S -> binop(Op.I64_LT_S);
                case Opcodes.I64_LT_U -> binop(Op.I64_LT_U);
                case Opcodes.I64_GT_S -> binop(Op.I64_GT_S);
                case Opcodes.I64_GT_U -> binop(Op.I64_GT_U);
                case Opcodes.I64_LE_S -> binop(Op.I64_LE_S);
                case Opcodes.I64_LE_U -> binop(Op.I64_LE_U);
                case Opcodes.I64_GE_S -> binop(Op.I64_GE_S);
                case Opcodes.I64_GE_U -> binop(Op.I64_GE_U);
                case Opcodes.F64_EQ -> binop(Op.F64_EQ);
                case Opcodes.F64_NE -> binop(Op.F64_NE);
                case Opcodes.F64_LT -> binop(Op.F64_LT);
                case Opcodes.F64_GT -> binop(Op.F64_GT);
                case Opcodes.F64_LE -> binop(Op.F64_LE);
                case Opcodes.F64_GE -> binop(Op.F64_GE);
                case Opcodes.I32_ADD -> addImmediateOr(Op.I32_ADD, false);
                case Opcodes.I32_SUB -> addImmediateOr(Op.I32_SUB, true);
                case Opcodes.I32_MUL -> binop(Op.I32_MUL);
                case Opcodes.I32_DIV_S -> binop(Op.I32_DIV_S);
                case Opcodes.I32_DIV_U -> binop(Op.I32_DIV_U);
                case Opcodes.I32_REM_S -> binop(Op.I32_REM_S);
                case Opcodes.I32_REM_U -> binop(Op.I32_REM_U);
                case Opcodes.I32_ROTL -> binop(Op.I32_ROTL);
                case Opcodes.I32_ROTR -> binop(Op.I32_ROTR);
                case Opcodes.F32_ADD -> binop(Op.F32_ADD);
                case Opcodes.F32_SUB -> binop(Op.F32_SUB);
                case Opcodes.F32_MUL -> binop(Op.F32_MUL);
                case Opcodes.F32_DIV -> binop(Op.F32_DIV);
                case Opcodes.I32_AND -> binop(Op.I32_AND);
                case Opcodes.I32_OR -> binop(Op.I32_OR);
                case Opcodes.I32_XOR -> binop(Op.I32_XOR);
                case Opcodes.I32_SHL -> binop(Op.I32_SHL);
                case Opcodes.I32_SHR_S -> binop(Op.I32_SHR_S);
                case Opcodes.I32_SHR_U -> binop(Op.I32_SHR_U);
                case Opcodes.I64_ADD -> binop(Op.I64_ADD);
                case Opcodes.I64_SUB -> binop(Op.I64_SUB);
                case Opcodes.I64_MUL -> binop(Op.I64_MUL);
                case Opcodes.I64_AND -> binop(Op.I64_AND);
                case Opcodes.I64_OR -> binop(Op.I64_OR);
                case Opcodes.I64_XOR -> binop(Op.I64_XOR);
                case Opcodes.I64_SHL -> binop(Op.I64_SHL);
                case Opcodes.I64_SHR_S -> binop(Op.I64_SHR_S);
                case Opcodes.I64_SHR_U -> binop(Op.I64_SHR_U);
                case Opcodes.F64_ADD -> f64Add();
                case Opcodes.F64_SUB -> binop(Op.F64_SUB);
                case Opcodes.F64_MUL -> binop(Op.F64_MUL);
                case Opcodes.F64_DIV -> binop(Op.F64_DIV);
                case Opcodes.I32_WRAP_I64 -> unop(Op.I32_WRAP_I64);
                case Opcodes.I64_EXTEND_I32_S -> unop(Op.I64_EXTEND_I32_S);
                case Opcodes.I64_EXTEND_I32_U -> unop(Op.I64_EXTEND_I32_U);
                case Opcodes.REF_NULL -> {
                    in.u8();
                    emit(Op.I32_CONST, push(), 0);
                    noPeephole();
                }
                case Opcodes.REF_IS_NULL -> unop(Op.REF_IS_NULL);
                case Opcodes.REF_FUNC -> {
                    int f = in.u32();
                    misc(Op.M_REF_FUNC, push(), f);
                }
                case Opcodes.MEMORY_INIT -> {
                    int seg = in.u32();
                    in.u8();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_MEMORY_INIT, seg, a, b, c);
                }
                case Opcodes.DATA_DROP -> misc(Op.M_DATA_DROP, in.u32());
                case Opcodes.MEMORY_COPY -> {
                    in.u8();
                    in.u8();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_MEMORY_COPY, a, b, c);
                }
                case Opcodes.MEMORY_FILL -> {
                    in.u8();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_MEMORY_FILL, a, b, c);
                }
                case Opcodes.TABLE_INIT -> {
                    int seg = in.u32();
                    int t = in.u32();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_TABLE_INIT, t, seg, a, b, c);
                }
                case Opcodes.ELEM_DROP -> misc(Op.M_ELEM_DROP, in.u32());
                case Opcodes.TABLE_COPY -> {
                    int dt = in.u32();
                    int st = in.u32();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_TABLE_COPY, dt, st, a, b, c);
                }
                case Opcodes.TABLE_GROW -> {
                    int t = in.u32();
                    int b = pop(), a = pop();
                    misc(Op.M_TABLE_GROW, t, push(), a, b);
                }
                case Opcodes.TABLE_SIZE -> misc(Op.M_TABLE_SIZE, in.u32(), push());
                case Opcodes.TABLE_FILL -> {
                    int t = in.u32();
                    int c = pop(), b = pop(), a = pop();
                    misc(Op.M_TABLE_FILL, t, a, b, c);
                }
                default -> {
                    if (op >= 0xFD00) {
                        simd(op);
                        return;
                    }
                    Opcodes.Info info = Opcodes.info(op);
                    if (info == null || !info.hasFixedSignature()) {
                        throw new IllegalStateException("cannot lower opcode " + Opcodes.name(op) + " at byte " + in.pos());
                    }
                    if (info.pops().length == 1) rareUnary(op);
                    else rareBinary(op);
                }
            }
        }

        /**
         * A SIMD instruction: {@code V128 length sub operands}, operands in the order d (if the instruction has a
         * result), then the sources bottom first, then immediates (memory offset, lane, constant or shuffle words).
         */
        private void simd(int op) {
            Opcodes.Info info = Opcodes.info(op);
            int sub = op - 0xFD00;
            boolean result = info.pushes().length == 1;
            switch (info.imm()) {
                case MEMARG -> {
                    in.u32();
                    int offset = in.u32();
                    if (result) {
                        int a = pop();
                        simdOp(sub, true, push(2), a, offset);
                    } else {
                        int v = pop(), a = pop();
                        simdOp(sub, false, a, v, offset);
                    }
                }
                case MEMARG_LANE -> {
                    in.u32();
                    int offset = in.u32();
                    int lane = in.u8();
                    int v = pop(), a = pop();
                    if (result) simdOp(sub, true, push(2), a, v, offset, lane);
                    else simdOp(sub, false, a, v, offset, lane);
                }
                case LANE -> {
                    int lane = in.u8();
                    if (info.pops().length == 2) {
                        int b = pop(), a = pop();
                        simdOp(sub, true, push(2), a, b, lane);
                    } else {
                        int a = pop();
                        simdOp(sub, true, push(1), a, lane);
                    }
                }
                case V128 -> {
                    long lo = in.f64Bits(), hi = in.f64Bits();
                    simdOp(sub, true, push(2), (int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32));
                }
                case SHUFFLE -> {
                    long lo = in.f64Bits(), hi = in.f64Bits();
                    int b = pop(), a = pop();
                    simdOp(sub, true, push(2), a, b, (int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32));
                }
                default -> {
                    int k = info.pops().length;
                    int c = k > 2 ? pop() : 0, b = k > 1 ? pop() : 0, a = pop();
                    int d = result ? push(Slots.of(info.pushes()[0])) : -1;
                    if (k == 1) simdOp(sub, result, d, a);
                    else if (k == 2) simdOp(sub, result, d, a, b);
                    else simdOp(sub, result, d, a, b, c);
                }
            }
        }

        /** Emits {@code V128 length sub operands}; {@code dst}: the first operand is a retargetable destination. */
        private void simdOp(int sub, boolean dst, int... operands) {
            int at = n;
            emit(Op.V128, operands.length + 3, sub);
            for (int o : operands) emit(o);
            noPeephole();
            if (dst) lastDst = at + 3;
        }

        /** {@code x + const} / {@code x - const}: folds the just-emitted constant into an immediate operand. */
        private void addImmediateOr(int op, boolean negate) {
            if (lastDst >= 0 && lastI32Const == n - 3 && out[n - 3] == Op.I32_CONST && lastDst == n - 2 && alias[h - 1] < 0
                    && out[lastDst] == home(h - 1)) {
                int imm = out[n - 1];
                n -= 3;
                h--;
                int a = pop();
                int d = push();
                emit(Op.I32_ADD_IMM, d, a, negate ? -imm : imm);
                lastDst = n - 3;
                lastCmp = -1;
                return;
            }
            binop(op);
        }

        /** Pushes a constant that lives in a pool slot as an alias of that slot; false if it is not pooled. */
        private boolean constant(long v) {
            int k = pool.indexOf(v);
            if (k < 0) return false;
            int add = lastBinop;
            pushAlias(numLocals + k, 1);
            noPeephole();
            lastBinop = add;
            return true;
        }

        private void i64Const(long v) {
            if (constant(v)) return;
            emit(Op.I64_CONST, push(), (int) v, (int) (v >>> 32));
            lastDst = n - 3;
            lastCmp = -1;
        }

        private void select() {
            if (width(h - 2) == 2) {
                int c = pop(), b = pop(), a = pop();
                simdOp(Op.V_SELECT, true, push(2), a, b, c);
                return;
            }
            int c = pop(), b = pop(), a = pop();
            int d = push();
            emit(Op.SELECT, d, a, b);
            emit(c);
            lastDst = n - 4;
            lastCmp = -1;
        }

        private void localSet(int index, boolean tee) {
            int x = localSlot(index), w = localWidth(index);
            boolean top = alias[h - 1] < 0;
            if (lastDst >= 0 && top && out[lastDst] == home(h - 1) && !aliased(x)) {
                out[lastDst] = x; // the producer writes the local directly
                h--;
            } else {
                int a = pop();
                materializeLocal(x);
                if (a != x) move(x, a, w);
            }
            noPeephole();
            if (tee) pushAlias(x, w);
        }

        private void call(int f) {
            FuncType ft = funcTypes[f];
            materializeAll();
            h -= ft.params().size();
            int base = home(h);
            emit(f < importedFuncs ? Op.CALL_IMPORT : Op.CALL, f, base);
            pushResults(ft);
        }

        private void pushResults(FuncType ft) {
            // the callee frame needs room for max(params, results) at base: reserve it in maxSlots
            int top = off[h] + Math.max(Slots.of(ft.results()), Slots.of(ft.params()));
            if (top > maxSlots) maxSlots = top;
            for (ValType t : ft.results()) push(Slots.of(t));
            noPeephole();
        }

        /**
         * Condition for if / br_if: fuses a just-emitted i32 comparison into a compare-and-branch. Returns the code
         * index of the branch target operand to patch. {@code negate}: branch when the condition is false (if).
         */
        private int fusedOrPlainCondition(boolean negate) {
            if (lastCmp >= 0 && lastCmp == n - (out[lastCmp] == Op.I32_EQZ ? 3 : 4) && alias[h - 1] < 0
                    && out[lastCmp + 1] == home(h - 1)) {
                int cmp = out[lastCmp];
                int a = out[lastCmp + 2], b = cmp == Op.I32_EQZ ? 0 : out[lastCmp + 3];
                h--;
                n = lastCmp;
                materializeAll();
                if (cmp == Op.I32_EQZ) {
                    emit(negate ? Op.BR_IF : Op.BR_IF_I32_EQZ, a, -1);
                    return n - 1;
                }
                int fused = fuse(negate ? negateCmp(cmp) : cmp);
                emit(fused, a, b, -1);
                return n - 1;
            }
            int c = pop();
            materializeAll();
            emit(negate ? Op.BR_UNLESS : Op.BR_IF, c, -1);
            return n - 1;
        }

        private void brIf(Ctl t) {
            if (!t.funcBody && !needsCopyAfterPop(t)) {
                int at = fusedOrPlainCondition(false);
                if (t.kind == Ctl.LOOP) out[at] = backEdge(t);
                else t.addFixup(at);
                return;
            }
            // values must move (or it returns): branch around a move + jump when the condition is false
            int skipAt = fusedOrPlainCondition(true);
            branch(t);
            out[skipAt] = n;
            noPeephole();
        }

        private boolean needsCopyAfterPop(Ctl t) {
            int arity = t.kind == Ctl.LOOP ? t.params : t.results;
            return arity > 0 && (h - 1) - arity != t.height;
        }

        private void brTable() {
            int k = in.u32();
            int[] labels = new int[k + 1];
            for (int i = 0; i <= k; i++) labels[i] = in.u32();
            int idx = pop();
            materializeAll();
            emit(Op.BR_TABLE, idx, k);
            int tableAt = n;
            for (int i = 0; i <= k; i++) emit(-1);
            for (int i = 0; i <= k; i++) {
                Ctl t = label(labels[i]);
                if (!t.funcBody && !needsCopy(t)) {
                    if (t.kind == Ctl.LOOP) out[tableAt + i] = t.startPc;
                    else t.addFixup(tableAt + i);
                } else {
                    out[tableAt + i] = n; // a stub that moves the values, then jumps
                    branch(t);
                }
            }
            setUnreachable();
        }

        private void elseOp(Ctl c) {
            if (!c.unreachable) {
                materializeAll();
                emit(Op.BR);
                c.addFixup(n);
                emit(-1);
            }
            out[c.elseFixup] = n;
            c.elseFixup = -1;
            c.unreachable = false;
            c.skipDepth = 0;
            restack(c.height, c.type.params());
            noPeephole();
        }

        private void endOp() {
            Ctl c = ctl[depth - 1];
            if (!c.unreachable) materializeAll();
            if (c.funcBody) {
                if (!c.unreachable) {
                    h = c.height + c.results;
                    emitReturn();
                }
                depth--;
                return;
            }
            if (c.elseFixup >= 0) out[c.elseFixup] = n; // if without else
            for (int i = 0; i < c.fixupCount; i++) out[c.fixups[i]] = n;
            depth--;
            restack(c.height, c.type.results());
            noPeephole();
        }
    }

static void skipImmediates(CodeReader in, int op) {
        Opcodes.Info info = Opcodes.info(op);
        switch (info.imm()) {
            case NONE -> { }
            case BLOCK_TYPE -> in.s33();
            case LABEL, FUNC, LOCAL, GLOBAL, TABLE, DATA, ELEM -> in.u32();
            case BR_TABLE -> {
                int k = in.u32();
                for (int i = 0; i <= k; i++) in.u32();
            }
            case CALL_INDIRECT, ELEM_TABLE, TABLE_TABLE, MEMARG -> {
                in.u32();
                in.u32();
            }
            case I32 -> in.s32();
            case I64 -> in.s64();
            case F32 -> in.f32Bits();
            case F64 -> in.f64Bits();
            case MEMORY, REF_TYPE -> in.u8();
            case SELECT_TYPES -> {
                int k = in.u32();
                for (int i = 0; i < k; i++) in.u8();
            }
            case DATA_MEMORY -> {
                in.u32();
                in.u8();
            }
            case MEMORY_MEMORY -> {
                in.u8();
                in.u8();
            }
            case V128, SHUFFLE -> in.skip(16);
            case LANE -> in.u8();
            case MEMARG_LANE -> {
                in.u32();
                in.u32();
                in.u8();
            }
        }
    }

    private static final FuncType EMPTY_BLOCK = new FuncType(java.util.List.of(), java.util.List.of());

    private static int negateCmp(int cmp) {
        return switch (cmp) {
            case Op.I32_EQ -> Op.I32_NE;
            case Op.I32_NE -> Op.I32_EQ;
            case Op.I32_LT_S -> Op.I32_GE_S;
            case Op.I32_LT_U -> Op.I32_GE_U;
            case Op.I32_GT_S -> Op.I32_LE_S;
            case Op.I32_GT_U -> Op.I32_LE_U;
            case Op.I32_LE_S -> Op.I32_GT_S;
            case Op.I32_LE_U -> Op.I32_GT_U;
            case Op.I32_GE_S -> Op.I32_LT_S;
            case Op.I32_GE_U -> Op.I32_LT_U;
            default -> throw new IllegalStateException("not an i32 comparison: " + cmp);
        };
    }

    private static int fuse(int cmp) {
        return Op.BR_IF_I32_EQ + (cmp - Op.I32_EQ);
    }

    /** A control frame of the function being lowered. */
    private static final class Ctl {
        static final int BLOCK = 0, LOOP = 1, IF = 2;
        int kind;
        FuncType type;       // the block type: parameter and result types
        int params, results;
        int height;          // stack height below the block's parameters
        int startPc;         // loop: code index branches jump to
        int elseFixup = -1;  // if: the conditional jump to patch at else/end
        boolean funcBody;
        boolean unreachable;
        int skipDepth;
        int[] fixups = new int[4];
        int fixupCount;

        void addFixup(int at) {
            if (fixupCount == fixups.length) fixups = Arrays.copyOf(fixups, fixupCount * 2);
            fixups[fixupCount++] = at;
        }
    }
}
