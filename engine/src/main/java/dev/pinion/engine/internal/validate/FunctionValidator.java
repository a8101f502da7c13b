package dev.pinion.engine.internal.validate;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.binary.CodeReader;
import dev.pinion.engine.internal.binary.Opcodes;
import dev.pinion.engine.internal.model.Code;
import java.util.Arrays;

/**
 * Validates function bodies with the algorithm of the spec's validation appendix: an operand stack of value
 * types (with {@link #UNKNOWN} for values popped in unreachable code) and a stack of control frames, each with
 * its block type, the operand stack height at entry and an unreachable flag.
 *
 * <p>Types are ints ({@link ValType#code()}, 0 for unknown) and block types are the s33 value of the binary
 * blocktype (a type index if non-negative, -64 for the empty type, otherwise a one-byte value type), so the walk
 * allocates nothing per instruction; the stacks grow only when a body nests deeper than any before. One instance
 * is reused for all bodies of a module. Bodies were already checked for well-formedness by the decoder, so
 * this class only has to read them.
 */
final class FunctionValidator {
    static final int UNKNOWN = 0;
    /**
     * Most operands a body may have on its stack at once. Without a cap, one 2-byte call of a function returning
     * 1000 values could grow the stack by 1000 entries, and a 1 MB module could make the validator (and the
     * lowered frames) need gigabytes. Compilers stay far below: their stacks hold a handful of temporaries.
     */
    static final int MAX_STACK_HEIGHT = 50_000;
    private static final int I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FUNCREF = 0x70,
            EXTERNREF = 0x6F;
    private static final int EMPTY_BT = -64;
    /** Block type marker of the function's own frame: no parameters, the function's results. */
    private static final int FUNC_BT = Integer.MIN_VALUE;

    /**
     * Stack effects of fixed-signature opcodes by table slot: 0..255 single-byte, 256 + n for 0xFC n, then the
     * 0xFD (SIMD) sub-opcodes.
     */
    private static final int[][] POPS = new int[256 + Opcodes.FC_COUNT + Opcodes.FD_COUNT][];
    private static final int[][] PUSHES = new int[256 + Opcodes.FC_COUNT + Opcodes.FD_COUNT][];

    static {
        for (Opcodes.Info info : Opcodes.all()) {
            if (info.hasFixedSignature()) {
                int slot = slot(info.code());
                POPS[slot] = codes(info.pops());
                PUSHES[slot] = codes(info.pushes());
            }
        }
    }

    private final ModuleContext ctx;
    private final byte[] bytes;

    private int[] vals = new int[64];
    private int sp;

    private int[] frameOp = new int[16];
    private int[] frameBt = new int[16];
    private int[] frameHeight = new int[16];
    private boolean[] frameUnreachable = new boolean[16];
    private int depth;

    private int[] params;
    private Code code;
    private int localCount;
    private int[] funcResults;

    /** Offset of the instruction being validated, for error messages. */
    private int at;

    FunctionValidator(ModuleContext ctx) {
        this.ctx = ctx;
        this.bytes = ctx.module.bytes();
    }

    /** Validates the body of function {@code funcIndex}. */
    void validate(int funcIndex, Code code) {
        int type = ctx.funcTypes[funcIndex];
        params = ctx.typeParams[type];
        funcResults = ctx.typeResults[type];
        this.code = code;
        // Locals stay in their declared runs: the cost of a body is proportional to its bytes, not its locals.
        localCount = params.length + code.localCount();
        sp = 0;
        depth = 0;
        pushFrame(Opcodes.BLOCK, FUNC_BT);
        body(new CodeReader(bytes, code.bodyStart(), code.bodyEnd()));
    }

    private void body(CodeReader r) {
        while (true) {
            at = r.pos();
            int op = r.opcode();
            switch (op) {
                case Opcodes.UNREACHABLE -> unreachable();
                case Opcodes.NOP -> { }
                case Opcodes.BLOCK, Opcodes.LOOP -> enterBlock(op, blockType(r));
                case Opcodes.IF -> {
                    int bt = blockType(r);
                    popExpect(I32);
                    enterBlock(op, bt);
                }
                case Opcodes.ELSE -> {
                    int f = depth - 1;
                    popResults(frameBt[f]);
                    if (sp != frameHeight[f]) throw mismatch();
                    frameOp[f] = Opcodes.ELSE;
                    frameUnreachable[f] = false;
                    pushParams(frameBt[f]);
                }
                case Opcodes.END -> {
                    if (end()) return;
                }
                case Opcodes.BR -> {
                    int f = label(r);
                    popLabel(f);
                    unreachable();
                }
                case Opcodes.BR_IF -> {
                    int f = label(r);
                    popExpect(I32);
                    popLabel(f);
                    pushLabel(f);
                }
                case Opcodes.BR_TABLE -> brTable(r);
                case Opcodes.RETURN -> {
                    popTypes(funcResults);
                    unreachable();
                }
                case Opcodes.CALL -> {
                    int type = ctx.funcTypes[function(r.u32())];
                    popTypes(ctx.typeParams[type]);
                    pushTypes(ctx.typeResults[type]);
                }
                case Opcodes.CALL_INDIRECT -> {
                    int type = r.u32();
                    int table = table(r.u32());
                    if (ctx.tables[table].elementType() != ValType.FUNCREF) throw mismatch();
                    if (type >= ctx.typeParams.length) throw invalid("unknown type " + type);
                    popExpect(I32);
                    popTypes(ctx.typeParams[type]);
                    pushTypes(ctx.typeResults[type]);
                }
                case Opcodes.DROP -> pop();
                case Opcodes.SELECT -> select();
                case Opcodes.SELECT_T -> {
                    int n = r.u32();
                    if (n != 1) throw invalid("invalid result arity");
                    int t = r.u8();
                    popExpect(I32);
                    popExpect(t);
                    popExpect(t);
                    push(t);
                }
                case Opcodes.LOCAL_GET -> push(local(r.u32()));
                case Opcodes.LOCAL_SET -> popExpect(local(r.u32()));
                case Opcodes.LOCAL_TEE -> {
                    int t = local(r.u32());
                    popExpect(t);
                    push(t);
                }
                case Opcodes.GLOBAL_GET -> push(global(r.u32()).valueType().code());
                case Opcodes.GLOBAL_SET -> {
                    ExternType.Global g = global(r.u32());
                    if (!g.mutable()) throw invalid("global is immutable");
                    popExpect(g.valueType().code());
                }
                case Opcodes.TABLE_GET -> {
                    int t = elemType(table(r.u32()));
                    popExpect(I32);
                    push(t);
                }
                case Opcodes.TABLE_SET -> {
                    int t = elemType(table(r.u32()));
                    popExpect(t);
                    popExpect(I32);
                }
                case Opcodes.MEMORY_SIZE, Opcodes.MEMORY_GROW -> {
                    memory();
                    r.u8();
                    fixed(op);
                }
                case Opcodes.I32_CONST -> { r.s32(); push(I32); }
                case Opcodes.I64_CONST -> { r.s64(); push(I64); }
                case Opcodes.F32_CONST -> { r.skip(4); push(F32); }
                case Opcodes.F64_CONST -> { r.skip(8); push(F64); }
                case Opcodes.REF_NULL -> push(r.u8());
                case Opcodes.REF_IS_NULL -> {
                    int t = pop();
                    if (t != UNKNOWN && t != FUNCREF && t != EXTERNREF) throw mismatch();
                    push(I32);
                }
                case Opcodes.REF_FUNC -> {
                    int f = function(r.u32());
                    if (!ctx.declaredRefs[f]) throw invalid("undeclared function reference");
                    push(FUNCREF);
                }
                default -> {
                    if (op >= 0xFD00) simd(op, r);
                    else if (op > 0xFF) prefixed(op, r);
                    else memoryOrNumeric(op, r);
                }
            }
        }
    }

    /** Loads, stores and the numeric instructions: all have a fixed signature in the opcode table. */
    private void memoryOrNumeric(int op, CodeReader r) {
        Opcodes.Info info = Opcodes.info(op);
        if (info.imm() == Opcodes.Imm.MEMARG) {
            memory();
            long align = r.u32Long();
            r.u32Long();
            if (align > info.naturalAlign()) throw invalid("alignment must not be larger than natural");
        }
        fixed(op);
    }

    private void prefixed(int op, CodeReader r) {
        switch (op) {
            case Opcodes.MEMORY_INIT -> {
                int data = r.u32();
                r.u8();
                memory();
                dataSegment(data);
            }
            case Opcodes.DATA_DROP -> dataSegment(r.u32());
            case Opcodes.MEMORY_COPY -> {
                r.u8();
                r.u8();
                memory();
            }
            case Opcodes.MEMORY_FILL -> {
                r.u8();
                memory();
            }
            case Opcodes.TABLE_INIT -> {
                int elem = r.u32();
                int table = table(r.u32());
                int segType = elemSegmentType(elem);
                if (segType != elemType(table)) throw mismatch();
            }
            case Opcodes.ELEM_DROP -> elemSegmentType(r.u32());
            case Opcodes.TABLE_COPY -> {
                int dst = table(r.u32());
                int src = table(r.u32());
                if (elemType(dst) != elemType(src)) throw mismatch();
            }
            case Opcodes.TABLE_GROW -> {
                int t = elemType(table(r.u32()));
                popExpect(I32);
                popExpect(t);
                push(I32);
                return;
            }
            case Opcodes.TABLE_SIZE -> table(r.u32());
            case Opcodes.TABLE_FILL -> {
                int t = elemType(table(r.u32()));
                popExpect(I32);
                popExpect(t);
                popExpect(I32);
                return;
            }
            default -> { } // 0xFC 0..7: saturating truncations, no immediates
        }
        fixed(op);
    }

    /** SIMD instructions: all have a fixed signature; memory and lane immediates are checked here. */
    private void simd(int op, CodeReader r) {
        Opcodes.Info info = Opcodes.info(op);
        switch (info.imm()) {
            case MEMARG, MEMARG_LANE -> {
                memory();
                long align = r.u32Long();
                r.u32Long();
                if (align > info.naturalAlign()) throw invalid("alignment must not be larger than natural");
                if (info.imm() == Opcodes.Imm.MEMARG_LANE) laneIndex(op, r.u8());
            }
            case LANE -> laneIndex(op, r.u8());
            case V128 -> r.skip(16);
            case SHUFFLE -> {
                for (int i = 0; i < 16; i++) {
                    if (r.u8() >= 32) throw invalid("invalid lane index");
                }
            }
            default -> { }
        }
        fixed(op);
    }

    private void laneIndex(int op, int lane) {
        if (lane >= Opcodes.laneCount(op)) throw invalid("invalid lane index");
    }

    // ---- control ----

    private void enterBlock(int op, int bt) {
        popParams(bt);
        pushFrame(op, bt);
        pushParams(bt);
    }

    /** Handles {@code end}; returns true when it closes the function body. */
    private boolean end() {
        int f = depth - 1;
        int bt = frameBt[f];
        popResults(bt);
        if (sp != frameHeight[f]) throw mismatch();
        // An if without else behaves as if its else branch passed the parameters through unchanged.
        if (frameOp[f] == Opcodes.IF && !sameTypes(bt)) throw mismatch();
        depth--;
        if (depth == 0) return true;
        pushResults(bt);
        return false;
    }

    private void brTable(CodeReader r) {
        int n = r.u32();
        int tableStart = r.pos();
        for (int i = 0; i < n; i++) r.u32();
        int defaultFrame = label(r);
        int end = r.pos();
        popExpect(I32);
        int arity = labelCount(defaultFrame);
        r.seek(tableStart);
        for (int i = 0; i < n; i++) {
            int f = label(r);
            if (labelCount(f) != arity) throw mismatch();
            checkLabelTop(f);
        }
        r.seek(end);
        popLabel(defaultFrame);
        unreachable();
    }

    /** Checks the operands on top of the stack against a label's types without popping them. */
    private void checkLabelTop(int f) {
        int n = labelCount(f);
        int h = frameHeight[depth - 1];
        boolean poly = frameUnreachable[depth - 1];
        for (int i = 0; i < n; i++) {
            int want = labelType(f, n - 1 - i);
            int idx = sp - 1 - i;
            if (idx < h) {
                if (!poly) throw mismatch();
                break; // below the frame in unreachable code: all remaining operands are unknown
            }
            int have = vals[idx];
            if (have != want && have != UNKNOWN && want != UNKNOWN) throw mismatch();
        }
    }

    private void select() {
        popExpect(I32);
        int t1 = pop();
        int t2 = pop();
        if (!numericOrUnknown(t1) || !numericOrUnknown(t2)) throw mismatch();
        if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN) throw mismatch();
        push(t1 == UNKNOWN ? t2 : t1);
    }

    private static boolean numericOrUnknown(int t) {
        return t == UNKNOWN || t == I32 || t == I64 || t == F32 || t == F64 || t == V128;
    }

    private void unreachable() {
        sp = frameHeight[depth - 1];
        frameUnreachable[depth - 1] = true;
    }

    private void pushFrame(int op, int bt) {
        if (depth == frameOp.length) {
            int n = depth * 2;
            frameOp = Arrays.copyOf(frameOp, n);
            frameBt = Arrays.copyOf(frameBt, n);
            frameHeight = Arrays.copyOf(frameHeight, n);
            frameUnreachable = Arrays.copyOf(frameUnreachable, n);
        }
        frameOp[depth] = op;
        frameBt[depth] = bt;
        frameHeight[depth] = sp;
        frameUnreachable[depth] = false;
        depth++;
    }

    /** Reads a label index and returns the frame it targets. */
    private int label(CodeReader r) {
        int l = r.u32();
        if (l >= depth) throw invalid("unknown label");
        return depth - 1 - l;
    }

    private int blockType(CodeReader r) {
        long bt = r.s33();
        if (bt >= 0) {
            if (bt >= ctx.typeParams.length) throw invalid("unknown type " + bt);
        }
        return (int) bt;
    }

    // ---- block type accessors ----

    private int paramCount(int bt) {
        return bt >= 0 ? ctx.typeParams[bt].length : 0;
    }

    private int param(int bt, int i) {
        return ctx.typeParams[bt][i];
    }

    private int resultCount(int bt) {
        if (bt >= 0) return ctx.typeResults[bt].length;
        if (bt == FUNC_BT) return funcResults.length;
        return bt == EMPTY_BT ? 0 : 1;
    }

    private int result(int bt, int i) {
        if (bt >= 0) return ctx.typeResults[bt][i];
        if (bt == FUNC_BT) return funcResults[i];
        return bt & 0x7F;
    }

    private boolean sameTypes(int bt) {
        int n = paramCount(bt);
        if (n != resultCount(bt)) return false;
        for (int i = 0; i < n; i++) {
            if (param(bt, i) != result(bt, i)) return false;
        }
        return true;
    }

    private int labelCount(int f) {
        return frameOp[f] == Opcodes.LOOP ? paramCount(frameBt[f]) : resultCount(frameBt[f]);
    }

    private int labelType(int f, int i) {
        return frameOp[f] == Opcodes.LOOP ? param(frameBt[f], i) : result(frameBt[f], i);
    }

    private void popParams(int bt) {
        for (int i = paramCount(bt) - 1; i >= 0; i--) popExpect(param(bt, i));
    }

    private void pushParams(int bt) {
        for (int i = 0, n = paramCount(bt); i < n; i++) push(param(bt, i));
    }

    private void popResults(int bt) {
        for (int i = resultCount(bt) - 1; i >= 0; i--) popExpect(result(bt, i));
    }

    private void pushResults(int bt) {
        for (int i = 0, n = resultCount(bt); i < n; i++) push(result(bt, i));
    }

    private void popLabel(int f) {
        for (int i = labelCount(f) - 1; i >= 0; i--) popExpect(labelType(f, i));
    }

    private void pushLabel(int f) {
        for (int i = 0, n = labelCount(f); i < n; i++) push(labelType(f, i));
    }

    // ---- operand stack ----

    private void push(int t) {
        if (sp == vals.length) {
            if (sp >= MAX_STACK_HEIGHT) {
                throw invalid("operand stack too deep (more than " + MAX_STACK_HEIGHT + " values)");
            }
            vals = Arrays.copyOf(vals, Math.min(sp * 2, MAX_STACK_HEIGHT));
        }
        vals[sp++] = t;
    }

    private int pop() {
        if (sp == frameHeight[depth - 1]) {
            if (frameUnreachable[depth - 1]) return UNKNOWN;
            throw mismatch();
        }
        return vals[--sp];
    }

    private void popExpect(int want) {
        int have = pop();
        if (have != want && have != UNKNOWN && want != UNKNOWN) throw mismatch();
    }

    private void popTypes(int[] types) {
        for (int i = types.length - 1; i >= 0; i--) popExpect(types[i]);
    }

    private void pushTypes(int[] types) {
        for (int t : types) push(t);
    }

    private void fixed(int op) {
        int slot = slot(op);
        popTypes(POPS[slot]);
        pushTypes(PUSHES[slot]);
    }

    // ---- index checks ----

    /** The type code of local {@code index}. */
    private int local(int index) {
        if (index >= localCount) throw invalid("unknown local " + index);
        return index < params.length ? params[index] : code.localType(index - params.length).code();
    }

    private ExternType.Global global(int index) {
        if (index >= ctx.globals.length) throw invalid("unknown global " + index);
        return ctx.globals[index];
    }

    private int function(int index) {
        if (index >= ctx.funcTypes.length) throw invalid("unknown function " + index);
        return index;
    }

    private int table(int index) {
        if (index >= ctx.tables.length) throw invalid("unknown table " + index);
        return index;
    }

    private int elemType(int table) {
        return ctx.tables[table].elementType().code();
    }

    private void memory() {
        if (ctx.memoryCount == 0) throw invalid("unknown memory 0");
    }

    private void dataSegment(int index) {
        // The decoder guarantees a data count section whenever memory.init or data.drop occurs with data segments.
        int segments = ctx.module.dataCount() >= 0 ? ctx.module.dataCount() : ctx.module.datas().size();
        if (index >= segments) throw invalid("unknown data segment " + index);
    }

    private int elemSegmentType(int index) {
        if (index >= ctx.module.elements().size()) throw invalid("unknown elem segment " + index);
        return ctx.module.elements().get(index).type().code();
    }

    // ---- errors ----

    private InvalidModuleException invalid(String reason) {
        return new InvalidModuleException(reason, at);
    }

    private InvalidModuleException mismatch() {
        return invalid("type mismatch");
    }

    private static int slot(int code) {
        if (code <= 0xFF) return code;
        return code < 0xFD00 ? 256 + (code - 0xFC00) : 256 + Opcodes.FC_COUNT + (code - 0xFD00);
    }

    private static int[] codes(ValType[] types) {
        int[] c = new int[types.length];
        for (int i = 0; i < c.length; i++) c[i] = types[i].code();
        return c;
    }
}
