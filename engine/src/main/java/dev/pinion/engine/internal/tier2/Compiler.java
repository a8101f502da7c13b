package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.GlobalInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.MemoryInstance;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.interp.CompiledSupport;
import dev.pinion.engine.internal.interp.Op;
import dev.pinion.engine.internal.interp.Ops;
import dev.pinion.engine.internal.model.Slots;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

/**
 * Compiles one function's lowered code ({@link Op}) to a JVM hidden class, generated with the JDK's ClassFile API.
 * The translation is one-to-one: every frame slot becomes a JVM {@code long} local, every lowered instruction a
 * few bytecodes (most a call of the same-named method in {@link CompiledSupport}), every branch target a label.
 * Fuel is charged by the same FUEL instructions and loop back-edges the interpreter charges, so the same budget
 * runs out at the same instruction. Code outside the subset ({@link Op#MISC}: tables, bulk memory, references;
 * {@link Op#V128}: SIMD) or too large for HotSpot to JIT makes the function stay interpreted, with the reason
 * in {@link Unsupported}'s message.
 */
final class Compiler {
    private Compiler() {}

    /** A function the compiler leaves to the interpreter; the message is the countable reason. */
    static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    /** HotSpot does not JIT-compile methods larger than this (HugeMethodLimit): they would run slower than ours. */
    static final int MAX_BYTECODE = 8000;
    /** Frame slots beyond this would not fit the JVM's local variable table comfortably. */
    static final int MAX_SLOTS = 4000;

    private static final ClassDesc CD_CTX = desc(ExecContext.class), CD_FN = desc(WasmFunction.class),
            CD_INST = desc(InstanceImpl.class), CD_MEM = desc(MemoryInstance.class), CD_GLOBAL = desc(GlobalInstance.class),
            CD_SUPPORT = desc(CompiledSupport.class), CD_OPS = desc(Ops.class), CD_CODE = desc(CompiledCode.class),
            CD_FUNCS = desc(FunctionInstance[].class), CD_GLOBALS = desc(GlobalInstance[].class),
            CD_LONGS = desc(long[].class), CD_SEGMENT = desc(MemorySegment.class), CD_TRAP = desc(dev.pinion.engine.Trap.class);
    private static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(CD_void, CD_CTX, CD_FN, CD_int);
    private static final MethodTypeDesc MTD_UN = MethodTypeDesc.of(CD_long, CD_long),
            MTD_BIN = MethodTypeDesc.of(CD_long, CD_long, CD_long),
            MTD_TERN = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long),
            MTD_IMM = MethodTypeDesc.of(CD_long, CD_long, CD_int),
            MTD_BR = MethodTypeDesc.of(CD_boolean, CD_long, CD_long),
            MTD_LOAD = MethodTypeDesc.of(CD_long, CD_SEGMENT, CD_MEM, CD_long, CD_int),
            MTD_STORE = MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_MEM, CD_long, CD_long, CD_int),
            MTD_LOAD_ADD = MethodTypeDesc.of(CD_long, CD_SEGMENT, CD_MEM, CD_long, CD_long, CD_int),
            MTD_STORE_ADD = MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_MEM, CD_long, CD_long, CD_long, CD_int);

    // JVM locals of run(): this, ctx, fn, fp, then the instance, its memory, the memory's segment, then the slots
    private static final int CTX = 1, FN = 2, FP = 3, INST = 4, MEMORY = 5, MEM = 6, SLOT0 = 7;

    /** Lower-case Op constant names by opcode: the names of the CompiledSupport helpers. */
    private static final String[] NAMES = new String[256];
    /** The helper's signature by opcode, for the instructions translated as one helper call. */
    private static final Map<Integer, MethodTypeDesc> HELPER = new HashMap<>();

    static {
        try {
            for (Field f : Op.class.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !f.getName().startsWith("M_")
                        && !f.getName().startsWith("V_")) {
                    NAMES[f.getInt(null)] = f.getName().toLowerCase();
                }
            }
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        for (Method m : CompiledSupport.class.getMethods()) {
            for (int op = 0; op < NAMES.length; op++) {
                if (m.getName().equals(NAMES[op]) && Modifier.isStatic(m.getModifiers())) {
                    HELPER.put(op, MethodTypeDesc.ofDescriptor(java.lang.invoke.MethodType
                            .methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString()));
                }
            }
        }
    }

    private static final ClassFile CLASS_FILE = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(
                    ClassHierarchyResolver.ofClassLoading(Compiler.class.getClassLoader()))));

    static CompiledCode compile(WasmFunction fn) throws Unsupported {
        int[] code = fn.code;
        if (fn.frameSize > MAX_SLOTS) throw new Unsupported("frame over " + MAX_SLOTS + " slots");
        BitSet targets = new BitSet(code.length);
        for (int pc = 0; pc < code.length; pc += length(code, pc)) {
            int op = code[pc];
            switch (op) {
                case Op.MISC -> throw new Unsupported("table, bulk-memory or reference instruction");
                case Op.V128 -> throw new Unsupported("SIMD instruction");
                case Op.BR -> targets.set(target(code[pc + 1]));
                case Op.BR_IF, Op.BR_UNLESS, Op.BR_IF_I32_EQZ -> targets.set(target(code[pc + 2]));
                case Op.BR_TABLE -> {
                    for (int i = 0; i <= code[pc + 2]; i++) targets.set(target(code[pc + 3 + i]));
                }
                default -> {
                    if (op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U) targets.set(target(code[pc + 3]));
                }
            }
        }
        ClassDesc name = ClassDesc.of(Compiler.class.getPackageName() + ".Fn" + fn.frame().functionIndex());
        byte[] bytes;
        try {
            bytes = CLASS_FILE.build(name, clb -> {
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                clb.withSuperclass(CD_CODE);
                clb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                        cb -> cb.aload(0).invokespecial(CD_CODE, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
                clb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC, cb -> new Body(cb, fn, targets).emit());
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Unsupported("class file: " + e.getMessage());
        }
        ClassModel model = ClassFile.of().parse(bytes);
        for (MethodModel m : model.methods()) {
            if (m.methodName().equalsString("run")
                    && m.findAttribute(Attributes.code()).orElseThrow().codeLength() > MAX_BYTECODE) {
                throw new Unsupported("over " + MAX_BYTECODE + " bytes of bytecode");
            }
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (CompiledCode) lookup.findConstructor(lookup.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (VerifyError e) {
            throw new Unsupported("verify error");
        } catch (Throwable e) {
            if (e instanceof Error err && !(e instanceof LinkageError)) throw err;
            throw new Unsupported("cannot define class: " + e.getClass().getSimpleName());
        }
    }

    private static int target(int t) {
        return t < 0 ? ~t : t;
    }

    /** The length in ints of the instruction at {@code pc}. */
    static int length(int[] code, int pc) {
        int op = code[pc];
        return switch (op) {
            case Op.UNREACHABLE -> 1;
            case Op.FUEL, Op.BR, Op.MEMORY_SIZE -> 2;
            case Op.BR_IF, Op.BR_UNLESS, Op.RETURN, Op.CALL, Op.CALL_IMPORT, Op.MOVE, Op.GLOBAL_GET, Op.GLOBAL_SET,
                 Op.I32_CONST, Op.MEMORY_GROW, Op.REF_IS_NULL, Op.I32_EQZ, Op.I64_EQZ, Op.I32_WRAP_I64,
                 Op.I64_EXTEND_I32_S, Op.I64_EXTEND_I32_U, Op.BR_IF_I32_EQZ -> 3;
            case Op.MOVE_N, Op.I64_CONST, Op.UNARY, Op.I32_ADD_IMM -> 4;
            case Op.CALL_INDIRECT, Op.SELECT, Op.BINARY, Op.F64_MUL_ADD -> 5;
            case Op.BR_TABLE -> code[pc + 2] + 4;
            case Op.MISC, Op.V128 -> code[pc + 1];
            default -> {
                if (op >= Op.I32_LOAD && op <= Op.I64_STORE32) yield 4;
                if (op >= Op.I32_LOAD_ADD && op <= Op.I32_STORE8_ADD) yield 5;
                if (op >= Op.I32_EQ && op <= Op.F64_DIV || op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U
                        || op >= Op.I32_DIV_S && op <= Op.F32_DIV) yield 4;
                throw new IllegalStateException("unknown internal opcode " + op + " at " + pc);
            }
        };
    }

    /** The bytecode of one function body. */
    private static final class Body {
        private final CodeBuilder cb;
        private final WasmFunction fn;
        private final int[] code;
        private final BitSet targets;
        private final Label[] labels;

        Body(CodeBuilder cb, WasmFunction fn, BitSet targets) {
            this.cb = cb;
            this.fn = fn;
            this.code = fn.code;
            this.targets = targets;
            this.labels = new Label[code.length + 1];
        }

        private Label label(int t) {
            t = target(t);
            if (labels[t] == null) labels[t] = cb.newLabel();
            return labels[t];
        }

        private int slot(int i) {
            return SLOT0 + 2 * i;
        }

        private void load(int s) {
            cb.lload(slot(s));
        }

        private void store(int s) {
            cb.lstore(slot(s));
        }

        void emit() {
            prologue();
            for (int pc = 0; pc < code.length; pc += length(code, pc)) {
                if (targets.get(pc)) cb.labelBinding(label(pc));
                instruction(pc);
            }
        }

        private void prologue() {
            cb.aload(FN).getfield(CD_FN, "instance", CD_INST).astore(INST);
            cb.aload(INST).getfield(CD_INST, "memory", CD_MEM).astore(MEMORY);
            refreshMemory();
            // the frame's slots: parameters from the stack, declared locals zero, constant slots their values
            cb.aload(CTX).iload(FP).loadConstant(fn.frameSize).iadd()
                    .invokevirtual(CD_CTX, "ensure", MethodTypeDesc.of(CD_LONGS, CD_int));
            for (int i = 0; i < fn.numParams; i++) {
                cb.dup();
                stackIndex(i);
                cb.laload();
                store(i);
            }
            cb.pop();
            long[] k = fn.constants;
            for (int i = fn.numParams; i < fn.frameSize; i++) {
                int c = i - fn.numLocals;
                cb.loadConstant(c >= 0 && c < k.length ? k[c] : 0L);
                store(i);
            }
        }

        private void refreshMemory() {
            cb.aload(MEMORY).invokestatic(CD_SUPPORT, "bytes", MethodTypeDesc.of(CD_SEGMENT, CD_MEM)).astore(MEM);
        }

        /** Pushes fp + i. */
        private void stackIndex(int i) {
            cb.iload(FP);
            if (i != 0) cb.loadConstant(i).iadd();
        }

        private void support(String name, MethodTypeDesc type) {
            cb.invokestatic(CD_SUPPORT, name, type);
        }

        private void fuel(int cost) {
            cb.aload(CTX).loadConstant(cost);
            support("fuel", MethodTypeDesc.of(CD_void, CD_CTX, CD_int));
        }

        /** A branch to {@code t}; a negative t is a loop back-edge that charges the loop's fuel first. */
        private void branch(int t) {
            if (t < 0) fuel(code[~t - 1]);
            cb.goto_(label(t));
        }

        private void instruction(int pc) {
            int op = code[pc];
            switch (op) {
                case Op.FUEL -> fuel(code[pc + 1]);
                case Op.UNREACHABLE -> {
                    support("unreachable", MethodTypeDesc.of(CD_TRAP));
                    cb.athrow();
                }
                case Op.BR -> branch(code[pc + 1]);
                case Op.BR_IF, Op.BR_IF_I32_EQZ -> {
                    Label skip = cb.newLabel();
                    load(code[pc + 1]);
                    cb.l2i();
                    if (op == Op.BR_IF) cb.ifeq(skip); else cb.ifne(skip);
                    branch(code[pc + 2]);
                    cb.labelBinding(skip);
                }
                case Op.BR_UNLESS -> {
                    load(code[pc + 1]);
                    cb.l2i().ifeq(label(code[pc + 2]));
                }
                case Op.BR_TABLE -> {
                    int n = code[pc + 2];
                    load(code[pc + 1]);
                    cb.l2i();
                    if (n == 0) {
                        cb.pop().goto_(label(code[pc + 3]));
                    } else {
                        List<SwitchCase> cases = new ArrayList<>();
                        for (int i = 0; i < n; i++) cases.add(SwitchCase.of(i, label(code[pc + 3 + i])));
                        cb.tableswitch(0, n - 1, label(code[pc + 3 + n]), cases);
                    }
                }
                case Op.RETURN -> {
                    int a = code[pc + 1], n = code[pc + 2];
                    cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
                    for (int i = 0; i < n; i++) {
                        cb.dup();
                        stackIndex(i);
                        load(a + i);
                        cb.lastore();
                    }
                    cb.pop().return_();
                }
                case Op.CALL, Op.CALL_IMPORT -> {
                    FunctionInstance target = fn.instance.functions[code[pc + 1]];
                    int base = code[pc + 2];
                    spill(base, target.numParams);
                    cb.aload(CTX).aload(INST).loadConstant(code[pc + 1]);
                    stackIndex(base);
                    stackIndex(fn.frameSize);
                    support("call", MethodTypeDesc.of(CD_void, CD_CTX, CD_INST, CD_int, CD_int, CD_int));
                    afterCall(base, target.numResults);
                }
                case Op.CALL_INDIRECT -> {
                    FuncType type = fn.instance.module.type(code[pc + 1]);
                    int base = code[pc + 4];
                    spill(base, Slots.of(type.params()));
                    cb.aload(CTX).aload(INST).loadConstant(code[pc + 1]).loadConstant(code[pc + 2]);
                    load(code[pc + 3]);
                    stackIndex(base);
                    stackIndex(fn.frameSize);
                    support("callIndirect", MethodTypeDesc.of(CD_void, CD_CTX, CD_INST, CD_int, CD_int, CD_long,
                            CD_int, CD_int));
                    afterCall(base, Slots.of(type.results()));
                }
                case Op.MOVE -> {
                    load(code[pc + 2]);
                    store(code[pc + 1]);
                }
                case Op.MOVE_N -> {
                    int d = code[pc + 1], a = code[pc + 2];
                    for (int i = 0, n = code[pc + 3]; i < n; i++) {
                        load(a + i);
                        store(d + i);
                    }
                }
                case Op.SELECT -> {
                    Label second = cb.newLabel(), done = cb.newLabel();
                    load(code[pc + 4]);
                    cb.l2i().ifeq(second);
                    load(code[pc + 2]);
                    cb.goto_(done).labelBinding(second);
                    load(code[pc + 3]);
                    cb.labelBinding(done);
                    store(code[pc + 1]);
                }
                case Op.GLOBAL_GET -> {
                    cb.aload(INST).getfield(CD_INST, "globals", CD_GLOBALS).loadConstant(code[pc + 2]).aaload()
                            .getfield(CD_GLOBAL, "bits", CD_long);
                    store(code[pc + 1]);
                }
                case Op.GLOBAL_SET -> {
                    cb.aload(INST).getfield(CD_INST, "globals", CD_GLOBALS).loadConstant(code[pc + 1]).aaload();
                    load(code[pc + 2]);
                    cb.putfield(CD_GLOBAL, "bits", CD_long);
                }
                case Op.I32_CONST -> {
                    cb.loadConstant((long) code[pc + 2]);
                    store(code[pc + 1]);
                }
                case Op.I64_CONST -> {
                    cb.loadConstant(((long) code[pc + 3] << 32) | (code[pc + 2] & 0xFFFF_FFFFL));
                    store(code[pc + 1]);
                }
                case Op.MEMORY_SIZE -> {
                    cb.aload(MEMORY);
                    support("memory_size", MethodTypeDesc.of(CD_long, CD_MEM));
                    store(code[pc + 1]);
                }
                case Op.MEMORY_GROW -> {
                    cb.aload(MEMORY);
                    load(code[pc + 2]);
                    support("memory_grow", MethodTypeDesc.of(CD_long, CD_MEM, CD_long));
                    store(code[pc + 1]);
                    refreshMemory();
                }
                case Op.UNARY -> {
                    cb.loadConstant(code[pc + 1]);
                    load(code[pc + 3]);
                    cb.invokestatic(CD_OPS, "unary", MethodTypeDesc.of(CD_long, CD_int, CD_long));
                    store(code[pc + 2]);
                }
                case Op.BINARY -> {
                    cb.loadConstant(code[pc + 1]);
                    load(code[pc + 3]);
                    load(code[pc + 4]);
                    cb.invokestatic(CD_OPS, "binary", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long));
                    store(code[pc + 2]);
                }
                default -> helper(pc, op);
            }
        }

        /** An instruction translated as one call of its CompiledSupport helper. */
        private void helper(int pc, int op) {
            MethodTypeDesc t = HELPER.get(op);
            if (t == null) throw new IllegalStateException("no compiled form for internal opcode " + op);
            String name = NAMES[op];
            if (t.equals(MTD_UN) || t.equals(MTD_BIN) || t.equals(MTD_TERN)) {
                for (int i = 2; i < 2 + t.parameterCount(); i++) load(code[pc + i]);
                support(name, t);
                store(code[pc + 1]);
            } else if (t.equals(MTD_IMM)) {
                load(code[pc + 2]);
                cb.loadConstant(code[pc + 3]);
                support(name, t);
                store(code[pc + 1]);
            } else if (t.equals(MTD_BR)) {
                Label skip = cb.newLabel();
                load(code[pc + 1]);
                load(code[pc + 2]);
                support(name, t);
                cb.ifeq(skip);
                branch(code[pc + 3]);
                cb.labelBinding(skip);
            } else if (t.equals(MTD_LOAD)) {
                cb.aload(MEM).aload(MEMORY);
                load(code[pc + 2]);
                cb.loadConstant(code[pc + 3]);
                support(name, t);
                store(code[pc + 1]);
            } else if (t.equals(MTD_STORE)) {
                cb.aload(MEM).aload(MEMORY);
                load(code[pc + 1]);
                load(code[pc + 2]);
                cb.loadConstant(code[pc + 3]);
                support(name, t);
            } else if (t.equals(MTD_LOAD_ADD)) {
                cb.aload(MEM).aload(MEMORY);
                load(code[pc + 2]);
                load(code[pc + 3]);
                cb.loadConstant(code[pc + 4]);
                support(name, t);
                store(code[pc + 1]);
            } else if (t.equals(MTD_STORE_ADD)) {
                cb.aload(MEM).aload(MEMORY);
                load(code[pc + 1]);
                load(code[pc + 2]);
                load(code[pc + 3]);
                cb.loadConstant(code[pc + 4]);
                support(name, t);
            } else {
                throw new IllegalStateException("helper " + name + " has an unexpected signature " + t);
            }
        }

        /** Writes the call's n argument slots from base up to the value stack, where the callee finds them. */
        private void spill(int base, int n) {
            if (n == 0) return;
            cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
            for (int i = 0; i < n; i++) {
                cb.dup();
                stackIndex(base + i);
                load(base + i);
                cb.lastore();
            }
            cb.pop();
        }

        /** Reads the n results back (the stack array may have been replaced) and the memory (it may have grown). */
        private void afterCall(int base, int n) {
            if (n > 0) {
                cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
                for (int i = 0; i < n; i++) {
                    cb.dup();
                    stackIndex(base + i);
                    cb.laload();
                    store(base + i);
                }
                cb.pop();
            }
            refreshMemory();
        }
    }

    private static ClassDesc desc(Class<?> c) {
        return c.describeConstable().orElseThrow();
    }
}
