package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.GlobalInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.ArrayAccess;
import dev.pinion.engine.internal.exec.MemoryInstance;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.binary.Opcodes;
import dev.pinion.engine.ValType;
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
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.OperatorInstruction;
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
import java.util.Locale;
import java.util.Map;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

/**
 * Compiles one function's lowered code ({@link Op}) to a JVM hidden class, generated with the JDK's ClassFile API.
 * The translation is one-to-one: every frame slot becomes a JVM local ({@code long}; {@code int} or
 * {@code double} for declared i32 and f64 locals), every lowered instruction a few JVM instructions (the rare
 * ones a call of their {@link CompiledSupport} helper or {@link Ops} method; tables, bulk memory, references and
 * most SIMD the interpreter's own code on the frame), every branch target a label. Fuel is charged by the same
 * FUEL instructions and loop back-edges the interpreter charges, so the same budget runs out at the same
 * instruction; a small function also gets a body that charges nothing, for calls with nothing to check
 * ({@link CompiledCode#callUnchecked}). A function too large for HotSpot to JIT, even split into regions, stays interpreted, with the
 * reason in {@link Unsupported}'s message.
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
    /**
     * Functions with more memory accesses than this call them through the class's own padded helpers
     * ({@link #accessHelpers}) instead of MemoryInstance's accessors directly.
     */
    static final int OUTLINE_ABOVE = 32;
    /** A helper's bytecode length: one more than the 35 bytes up to which C1 inlines a method. */
    static final int HELPER_SIZE = 36;
    /** Frames with more slots than this are not kept in JVM locals: such functions are split (frame in the array). */
    static final int MAX_SLOTS = 4000;
    static final String TOO_LARGE = "over " + MAX_BYTECODE + " bytes of bytecode";
    /** Fewest instructions per region of a split function, most regions: past these a function stays interpreted. */
    static final int MIN_REGION = 8, MAX_REGIONS = 20_000; // three constant-pool entries each, of 65,535
    /** Regions one dispatcher method calls (about 21 bytes each): past this, a second level of group methods. */
    static final int GROUP = 256;
    /** A split function whose dispatcher ({@code run}, one call per region) would itself be over the limit. */
    static final String TOO_MANY_REGIONS = "over " + MAX_BYTECODE + " bytes of bytecode: too many regions";
    /**
     * Tests: split every function into regions of this many instructions (0: split only what does not fit one
     * method), so the suites run the split form on every function.
     */
    static volatile int splitEvery = Integer.getInteger("pinion.tier2.splitEvery", 0);
    /**
     * Tests: reject every function ({@link #REJECTED_BY_TEST}), so the suites run the code a rejected function
     * gets back (LoopHeaders.unmark) in the interpreter, after tier 2 marked its loops.
     */
    static volatile boolean rejectAll;
    static final String REJECTED_BY_TEST = "rejected by a test (CodeCache.rejectAll)";

    private static final ClassDesc CD_CTX = desc(ExecContext.class), CD_FN = desc(WasmFunction.class),
            CD_INST = desc(InstanceImpl.class), CD_MEM = desc(MemoryInstance.class), CD_GLOBAL = desc(GlobalInstance.class),
            CD_SUPPORT = desc(CompiledSupport.class), CD_OPS = desc(Ops.class), CD_CODE = desc(CompiledCode.class),
            CD_FUNCS = desc(FunctionInstance[].class), CD_GLOBALS = desc(GlobalInstance[].class),
            CD_LONGS = desc(long[].class), CD_SEGMENT = desc(MemorySegment.class), CD_INTS = desc(int[].class), CD_FI = desc(FunctionInstance.class),
            CD_THROWABLE = desc(Throwable.class), CD_TRAP = desc(dev.pinion.engine.Trap.class),
            CD_DOUBLE = desc(Double.class), CD_FLOAT = desc(Float.class);
    private static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(CD_void, CD_CTX, CD_FN, CD_int),
            MTD_REGION = MethodTypeDesc.of(CD_int, CD_CTX, CD_FN, CD_int, CD_int);
    private static final MethodTypeDesc MTD_UN = MethodTypeDesc.of(CD_long, CD_long),
            MTD_BIN = MethodTypeDesc.of(CD_long, CD_long, CD_long);

    // JVM locals of run() and call(): this, ctx, fn, fp (then call's arguments, see Body)
    private static final int CTX = 1, FN = 2, FP = 3;

    /**
     * The JVM instruction of each binary operator in the order of its Op range (I32_ADD..I32_SHR_U,
     * I64_ADD..I64_SHR_U, F64_ADD..F64_DIV, F32_ADD..F32_DIV). The JVM's shifts mask their count as Wasm does.
     */
    private static final Opcode[] I32_BINARY = {Opcode.IADD, Opcode.ISUB, Opcode.IMUL, Opcode.IAND, Opcode.IOR,
            Opcode.IXOR, Opcode.ISHL, Opcode.ISHR, Opcode.IUSHR},
            I64_BINARY = {Opcode.LADD, Opcode.LSUB, Opcode.LMUL, Opcode.LAND, Opcode.LOR, Opcode.LXOR, Opcode.LSHL,
                    Opcode.LSHR, Opcode.LUSHR},
            F64_BINARY = {Opcode.DADD, Opcode.DSUB, Opcode.DMUL, Opcode.DDIV},
            F32_BINARY = {Opcode.FADD, Opcode.FSUB, Opcode.FMUL, Opcode.FDIV};

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

    /** Names of Ops' public static methods: a uXX/bXX an opcode lacks must fail here, not when the code runs. */
    private static final java.util.Set<String> OPS_METHODS = java.util.Arrays.stream(Ops.class.getMethods())
            .filter(m -> Modifier.isStatic(m.getModifiers())).map(Method::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The Ops method of one rare numeric opcode: {@code prefix} u or b, then the opcode in upper-case hex. */
    static String opMethod(String prefix, int wasmOpcode) {
        String name = prefix + Integer.toHexString(wasmOpcode).toUpperCase(Locale.ROOT);
        if (!OPS_METHODS.contains(name)) {
            throw new IllegalStateException("no Ops." + name + " for opcode 0x" + Integer.toHexString(wasmOpcode));
        }
        return name;
    }

    /**
     * Compiles {@code fn}: from its start when {@code entry} is negative, else as an on-stack-replacement entry
     * that takes every frame slot from the interpreter's frame at {@code ctx.stack[fp..]} and continues at
     * instruction {@code entry} (the one after a loop header). The code before the entry that no branch reaches
     * is left out (the ClassFile API patches dead code), so the loop keeps a single entry for HotSpot.
     */
    static CompiledCode compile(WasmFunction fn, int entry) throws Unsupported {
        return define(generate(fn, entry));
    }

    /**
     * The class file of {@code fn}'s compiled code (entry as in {@link #compile}). It depends only on the module
     * (code, constants, types), not on the instance: {@code run} finds the instance through its function
     * argument. Functions too large for one method are split (not on-stack-replacement entries: those stay
     * one method or are not compiled).
     */
    static byte[] generate(WasmFunction fn, int entry) throws Unsupported {
        if (rejectAll) throw new Unsupported(REJECTED_BY_TEST);
        int[] code = fn.code;
        BitSet targets = new BitSet(code.length);
        for (int pc = 0; pc < code.length; pc += Op.length(code, pc)) {
            int op = code[pc];
            switch (op) {
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
        if (entry >= 0) targets.set(entry);
        ClassDesc name = ClassDesc.of(Compiler.class.getPackageName() + ".Fn" + fn.frame().functionIndex()
                + (entry >= 0 ? "_osr" + entry : ""));
        if (entry >= 0) {
            if (fn.frameSize > MAX_SLOTS) throw new Unsupported(TOO_LARGE);
            byte[] whole = build(name, fn, targets, null, entry);
            if (largestMethod(whole) > MAX_BYTECODE) throw new Unsupported(TOO_LARGE);
            return whole;
        }
        int instructions = 0;
        for (int pc = 0; pc < code.length; pc += Op.length(code, pc)) instructions++;
        int every = splitEvery;
        if (every <= 0 && fn.frameSize <= MAX_SLOTS) {
            byte[] whole = build(name, fn, targets, null, -1);
            int size = largestMethod(whole);
            if (size <= INLINE_SIZE && CompiledCode.direct(fn.numParams, fn.numResults)) {
                // small enough for C2 to inline: its calls' budget work would dominate, so a second body
                // without it for unchecked calls (Body.unchecked), and twins if it calls itself
                return build(name, fn, targets, null, -1, selfRecursive(fn), true);
            }
            if (size <= MAX_BYTECODE) return whole;
            // regions sized from the whole method's size, halved until every method fits
            every = Math.max(MIN_REGION, (int) ((long) instructions * (MAX_BYTECODE * 3 / 4) / Math.max(1, size)));
        } else if (every <= 0) {
            every = Math.max(MIN_REGION, instructions / 8);
        }
        while (true) {
            List<Integer> starts = new ArrayList<>();
            int i = 0;
            for (int pc = 0; pc < code.length; pc += Op.length(code, pc), i++) {
                if (i % every == 0) starts.add(pc);
            }
            int[] regions = starts.stream().mapToInt(Integer::intValue).toArray();
            if (regions.length > MAX_REGIONS) throw new Unsupported(TOO_MANY_REGIONS);
            byte[] split = build(name, fn, targets, regions, -1);
            if (largestMethod(split) <= MAX_BYTECODE) return split;
            if (split != null && methodSize(split, "run") > MAX_BYTECODE) throw new Unsupported(TOO_MANY_REGIONS);
            if (every <= MIN_REGION) throw new Unsupported(TOO_LARGE);
            every = Math.max(MIN_REGION, every / 2);
        }
    }

    /**
     * The class for {@code fn}: one {@code run} method, or with {@code regions} (the first pc of each) a
     * {@code run} that dispatches to one method per region, the frame then in the value stack.
     */
    private static byte[] build(ClassDesc name, WasmFunction fn, BitSet targets, int[] regions, int entry)
            throws Unsupported {
        return build(name, fn, targets, regions, entry, false, false);
    }

    /** HotSpot's FreqInlineSize: C2 inlines a hot call of a method up to this many bytes of bytecode. */
    static final int INLINE_SIZE = 325;

    /** Whether fn calls itself directly in call's convention (its class then invokes its own call). */
    private static boolean selfRecursive(WasmFunction fn) {
        int[] code = fn.code;
        for (int pc = 0; pc < code.length; pc += Op.length(code, pc)) {
            if (code[pc] == Op.CALL && fn.instance.functions[code[pc + 1]] == fn) return true;
        }
        return false;
    }

    /**
     * As above; with {@code twin}, call's body is emitted twice, as {@code call} and {@code call2}, each
     * calling the other where the function calls itself: C2 inlines a method into itself only one level deep
     * (MaxRecursiveInlineLevel), but inlines the two twins alternately, so a small recursive function gets its
     * recursion unrolled a few levels (fewer real JVM calls, each with its spills).
     */
    private static byte[] build(ClassDesc name, WasmFunction fn, BitSet targets, int[] regions, int entry,
                                boolean twin, boolean uncheckedBody) throws Unsupported {
        try {
            ClassDesc helpers = accessSites(fn.code) > OUTLINE_ABOVE && !ArrayAccess.ENABLED ? name : null;
            return CLASS_FILE.build(name, clb -> {
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                clb.withSuperclass(CD_CODE);
                if (helpers != null) accessHelpers(clb);
                clb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                        cb -> cb.aload(0).invokespecial(CD_CODE, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
                if (regions == null && entry < 0 && CompiledCode.direct(fn.numParams, fn.numResults)) {
                    // the body in call (arguments and result on the JVM stack), run an adapter to it
                    // call, and with uncheckedBody callUnchecked for calls with nothing to check
                    // (CompiledCode.callUnchecked); else callUnchecked forwards to call from this class, so that
                    // the call of call is this class's own (one receiver, inlined), not the base class's
                    if (!uncheckedBody) uncheckedForwarder(clb, name, fn);
                    for (boolean unchecked : uncheckedBody ? new boolean[] {false, true} : new boolean[] {false}) {
                        String method = unchecked ? "callUnchecked" : "call", twins = unchecked ? "bodyU" : "body";
                        if (twin) {
                            // call hands over to the first twin; the twins are static (no receiver to pass)
                            clb.withMethodBody(method, callType(fn.numParams), ClassFile.ACC_PUBLIC, cb -> {
                                cb.aload(CTX).aload(FN).iload(FP).lload(4).lload(6);
                                for (int i = 0; i < fn.numParams; i++) cb.lload(8 + 2 * i);
                                cb.invokestatic(name, twins + "1", callType(fn.numParams)).lreturn();
                            });
                            for (int k = 1; k <= 2; k++) {
                                String other = twins + (k == 1 ? "2" : "1");
                                clb.withMethodBody(twins + k, callType(fn.numParams),
                                        ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC, cb -> {
                                            Body b = new Body(cb, fn, targets, -1, -1, -1, fn.numParams, true);
                                            if (unchecked) b.unchecked();
                                            b.self(name, other).helpers(helpers).emit();
                                        });
                            }
                        } else {
                            clb.withMethodBody(method, callType(fn.numParams), ClassFile.ACC_PUBLIC, cb -> {
                                Body b = new Body(cb, fn, targets, -1, -1, -1, fn.numParams);
                                if (unchecked) b.unchecked();
                                b.self(name, method).helpers(helpers).emit();
                            });
                        }
                    }
                    clb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC, cb -> adapter(cb, name, fn, uncheckedBody));
                    return;
                }
                if (regions == null) {
                    clb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC,
                            cb -> new Body(cb, fn, targets, entry, -1, -1, -1).helpers(helpers).emit());
                    return;
                }
                clb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC,
                        cb -> dispatcher(cb, name, fn, regions, splitEvery > 0 ? 4 : GROUP));
                // forced splitting (tests) groups every 4 regions, so the two-level dispatcher is tested as well
                int per = splitEvery > 0 ? 4 : GROUP;
                if (regions.length > per) {
                    for (int g = 0; g * per < regions.length; g++) {
                        int group = g;
                        clb.withMethodBody("g" + g, MTD_REGION, ClassFile.ACC_PUBLIC,
                                cb -> chain(cb, name, fn, regions, group * per,
                                        Math.min(regions.length, (group + 1) * per), "r", null));
                    }
                }
                for (int k = 0; k < regions.length; k++) {
                    int start = regions[k], end = k + 1 < regions.length ? regions[k + 1] : fn.code.length;
                    clb.withMethodBody("r" + k, MTD_REGION, ClassFile.ACC_PUBLIC,
                            cb -> new Body(cb, fn, targets, -1, start, end, -1).helpers(helpers).emit());
                }
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the JVM's own limit on a method (64 KiB of bytecode) is a size reason like ours
            if (String.valueOf(e.getMessage()).startsWith("Code length")) return null;
            throw new Unsupported("class file: " + e.getMessage());
        }
    }

    /** The number of memory loads and stores in {@code code}. */
    static int accessSites(int[] code) {
        int n = 0;
        for (int pc = 0; pc < code.length; pc += Op.length(code, pc)) {
            int op = code[pc];
            if (op >= Op.I32_LOAD && op <= Op.I64_STORE32 || op >= Op.I32_LOAD_ADD && op <= Op.I32_STORE8_ADD) n++;
        }
        return n;
    }

    /** MemoryInstance's accessors a compiled function calls, by name. */
    private static final String[] ACCESSORS = {"getI8", "getI16", "getI32", "getI64", "setI8", "setI16", "setI32",
            "setI64"};

    /**
     * One private static helper per MemoryInstance accessor ({@code m} + its name, same descriptor) that calls
     * it, padded with {@code nop}s to {@link #HELPER_SIZE} bytes. Why: C1 inlines any method of up to 35 bytes,
     * and with an accessor the whole {@code @ForceInline} VarHandle chain of a segment access; in a function
     * with a hundred accesses that ran out of C1's virtual registers, so HotSpot skipped its profiling tier and
     * left the generated code in its bytecode interpreter (slower than Pinion's own) until C2 was done: nbody's
     * first ~25 calls at ~28 ms instead of ~1.5 ms, its whole {@code pinion run} up to 2.6 s against Chicory's
     * 1.04 s. C1 calls a helper instead. C2 inlines a helper at hot sites (up to 325 bytes), and the accessor
     * in it (at most 35 bytes) at any site; the accessors themselves stay small, because C2 inlines a larger
     * method only where its profile finds the site hot, for the interpreter and every other caller too. Only
     * functions with more than {@link #OUTLINE_ABOVE} accesses get helpers: the rest are small enough for C1
     * either way, and their accesses stay direct calls of the accessors.
     */
    private static void accessHelpers(java.lang.classfile.ClassBuilder clb) {
        for (String a : ACCESSORS) {
            boolean get = a.startsWith("get");
            MethodTypeDesc type = accessorType(a);
            ClassDesc value = get ? type.returnType() : type.parameterType(2);
            clb.withMethodBody("m" + a, type, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC, cb -> {
                int body = get ? 6 : 7; // aload_0, lload_1, [xload_3,] invokestatic (3), xreturn
                for (int i = body; i < HELPER_SIZE; i++) cb.nop();
                cb.aload(0).lload(1);
                if (!get) {
                    if (value == CD_long) cb.lload(3); else cb.iload(3);
                }
                cb.invokestatic(CD_MEM, a, type);
                if (!get) cb.return_();
                else if (value == CD_long) cb.lreturn();
                else cb.ireturn();
            });
        }
    }

    /**
     * The descriptor of MemoryInstance's accessor {@code name} (one of {@link #ACCESSORS}): get (segment, index)
     * returning the width's Java type, or set (segment, index, value).
     */
    private static MethodTypeDesc accessorType(String name) {
        ClassDesc value = switch (name.substring(4)) {
            case "8" -> ConstantDescs.CD_byte;
            case "16" -> ConstantDescs.CD_short;
            case "32" -> CD_int;
            default -> CD_long;
        };
        return name.startsWith("get") ? MethodTypeDesc.of(value, CD_SEGMENT, CD_long)
                : MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_long, value);
    }

    private static int methodSize(byte[] bytes, String name) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(name)) return m.findAttribute(Attributes.code()).orElseThrow().codeLength();
        }
        return 0;
    }

    /** The largest method's bytecode length (Integer.MAX_VALUE for a class over the JVM's own limit). */
    private static int largestMethod(byte[] bytes) {
        if (bytes == null) return Integer.MAX_VALUE;
        int max = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            max = Math.max(max, m.findAttribute(Attributes.code()).orElseThrow().codeLength());
        }
        return max;
    }

    /** The descriptor of {@code CompiledCode.call} with {@code n} arguments. */
    private static MethodTypeDesc callType(int n) {
        ClassDesc[] p = new ClassDesc[5 + n];
        p[0] = CD_CTX;
        p[1] = CD_FN;
        p[2] = CD_int; // fp
        p[3] = CD_long; // level: call depth and compiled-frame room
        p[4] = CD_long; // fuel budget
        java.util.Arrays.fill(p, 5, 5 + n, CD_long);
        return MethodTypeDesc.of(CD_long, p);
    }

    /** Pushes the value-stack array with room for {@code fn}'s frame at fp ({@code ctx.ensure(fp + frameSize)}). */
    private static void frameArray(CodeBuilder cb, WasmFunction fn) {
        cb.aload(CTX).iload(FP).loadConstant(fn.frameSize).iadd()
                .invokevirtual(CD_CTX, "ensure", MethodTypeDesc.of(CD_LONGS, CD_int));
    }

    /**
     * {@code run} of a function whose body is in {@code call}: the arguments from the frame in the value stack,
     * the result back to it.
     */
    private static void adapter(CodeBuilder cb, ClassDesc self, WasmFunction fn, boolean uncheckedBody) {
        int array = 4, result = 5;
        int kind = CompiledCode.returns(fn.type());
        frameArray(cb, fn);
        cb.astore(array);
        if (uncheckedBody) {
            // a call with nothing to check runs callUnchecked: its budget is huge and stays so (Limiter.UNCHECKED)
            Label checked = cb.newLabel();
            cb.aload(CTX).getfield(CD_CTX, "budget", CD_long).loadConstant((long) Integer.MAX_VALUE).lcmp()
                    .iflt(checked);
            adapterCall(cb, self, fn, array, "callUnchecked");
            if (kind == CompiledCode.RETURNS_BUDGET) {
                cb.pop2();
            } else {
                cb.lstore(result).aload(CTX).getfield(CD_CTX, "stack", CD_LONGS).iload(FP).lload(result).lastore();
            }
            cb.return_();
            cb.labelBinding(checked);
        }
        adapterCall(cb, self, fn, array, "call");
        cb.lstore(result);
        // the budget back to the context, the result (if any) to the frame
        if (kind != CompiledCode.RETURNS_WIDE) { // a wide result's callee wrote ctx.budget itself
            cb.aload(CTX).lload(result);
            if (kind != CompiledCode.RETURNS_BUDGET) cb.invokestatic(CD_CODE, "budgetOf", MTD_UN);
            cb.putfield(CD_CTX, "budget", CD_long);
        }
        if (kind != CompiledCode.RETURNS_BUDGET) {
            cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS).iload(FP).lload(result);
            if (kind == CompiledCode.RETURNS_I32) cb.bipush(32).lshr();
            if (kind == CompiledCode.RETURNS_F32) cb.bipush(32).lushr();
            cb.lastore();
        }
        cb.return_();
    }

    /** callUnchecked of a class without an unchecked body: its own call, and the result from what it returns. */
    private static void uncheckedForwarder(java.lang.classfile.ClassBuilder clb, ClassDesc self, WasmFunction fn) {
        clb.withMethodBody("callUnchecked", callType(fn.numParams), ClassFile.ACC_PUBLIC, cb -> {
            cb.aload(0).aload(CTX).aload(FN).iload(FP).lload(4).lload(6);
            for (int i = 0; i < fn.numParams; i++) cb.lload(8 + 2 * i);
            cb.invokevirtual(self, "call", callType(fn.numParams));
            resultOf(cb, CompiledCode.returns(fn.type()));
            cb.lreturn();
        });
    }

    /**
     * Turns what call returns (on the operand stack) into what callUnchecked returns, for a callee of this
     * {@code CompiledCode.returns} kind: the bytecode of {@code CompiledCode.resultOf}.
     */
    private static void resultOf(CodeBuilder cb, int returns) {
        switch (returns) {
            case CompiledCode.RETURNS_BUDGET -> cb.pop2().lconst_0();
            case CompiledCode.RETURNS_I32 -> cb.bipush(32).lshr();
            case CompiledCode.RETURNS_F32 -> cb.bipush(32).lushr();
            default -> { }
        }
    }

    /** The adapter's call of {@code method} (call or callUnchecked) with the arguments from the frame. */
    private static void adapterCall(CodeBuilder cb, ClassDesc self, WasmFunction fn, int array, String method) {
        cb.aload(0).aload(CTX).aload(FN).iload(FP);
        cb.aload(CTX).invokestatic(CD_SUPPORT, "level", MethodTypeDesc.of(CD_long, CD_CTX));
        cb.aload(CTX).getfield(CD_CTX, "budget", CD_long);
        for (int i = 0; i < fn.numParams; i++) {
            cb.aload(array).iload(FP);
            if (i != 0) cb.loadConstant(i).iadd();
            cb.laload();
        }
        cb.invokevirtual(self, method, callType(fn.numParams));
    }

    /**
     * {@code run} of a split function: sets up the frame in the value stack as the interpreter does, then calls
     * the region holding {@code pc} until one returns -1 (the function returned); a region returns the pc where
     * control leaves it.
     */
    private static void dispatcher(CodeBuilder cb, ClassDesc self, WasmFunction fn, int[] regions, int per) {
        int pcLocal = 4;
        frameArray(cb, fn);
        cb.pop();
        cb.aload(CTX).aload(FN).iload(FP)
                .invokestatic(CD_SUPPORT, "initFrame", MethodTypeDesc.of(CD_void, CD_CTX, CD_FN, CD_int));
        cb.iconst_0().istore(pcLocal);
        Label loop = cb.newLabel(), done = cb.newLabel();
        cb.labelBinding(loop);
        cb.iload(pcLocal).iflt(done);
        if (regions.length <= per) {
            chain(cb, self, fn, regions, 0, regions.length, "r", loop);
        } else {
            // two levels: run calls a group method, which calls the region (one method cannot call them all)
            int groups = (regions.length + per - 1) / per;
            int[] starts = new int[groups];
            for (int g = 0; g < groups; g++) starts[g] = regions[g * per];
            chain(cb, self, fn, starts, 0, groups, "g", loop);
        }
        cb.labelBinding(done);
        cb.return_();
    }

    /**
     * Calls the method (prefix + index) of the range among {@code starts[from..to)} that holds the pc in local 4;
     * with a loop label the result becomes the new pc and the loop continues, without one it is returned.
     */
    private static void chain(CodeBuilder cb, ClassDesc self, WasmFunction fn, int[] starts, int from, int to,
                              String prefix, Label loop) {
        int pcLocal = 4;
        for (int k = from; k < to; k++) {
            int end = k + 1 < starts.length ? starts[k + 1] : fn.code.length;
            Label next = cb.newLabel();
            cb.iload(pcLocal).loadConstant(end).if_icmpge(next);
            cb.aload(0).aload(CTX).aload(FN).iload(FP).iload(pcLocal).invokevirtual(self, prefix + k, MTD_REGION);
            if (loop != null) cb.istore(pcLocal).goto_(loop); else cb.ireturn();
            cb.labelBinding(next);
        }
        cb.aconst_null().athrow(); // no region holds pc: cannot happen
    }

    /** Diagnostics: a directory every generated class file is written to (for javap), or null. */
    private static final String DUMP = System.getProperty("pinion.tier2.dump");

    private static void dump(byte[] bytes) {
        try {
            String name = ClassFile.of().parse(bytes).thisClass().asInternalName();
            java.nio.file.Path p = java.nio.file.Path.of(DUMP, name.substring(name.lastIndexOf('/') + 1) + ".class");
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.write(p, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Defines the class generated by {@link #generate} and returns its instance. A hidden class defined without
     * the STRONG option is unloaded once nothing refers to it: its code is shared by the module's instances
     * through {@link CodeCache}, so it goes with the module.
     */
    static CompiledCode define(byte[] bytes) throws Unsupported {
        if (DUMP != null) dump(bytes);
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

    /** The functions of {@code fn}'s own instance that {@code fn} calls directly (not imports), each once. */
    static List<WasmFunction> directCallees(WasmFunction fn) {
        int[] code = fn.code;
        List<WasmFunction> out = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc += Op.length(code, pc)) {
            if (code[pc] == Op.CALL && fn.instance.functions[code[pc + 1]] instanceof WasmFunction w
                    && w.instance == fn.instance && w != fn && !out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The bytecode of one function body. */
    private static final class Body {
        private final CodeBuilder cb;
        private final WasmFunction fn;
        private final int[] code;
        private final BitSet targets;
        private final Label[] labels;
        private Label calleeFailed;
        /** A region of a split function ({@code start <= pc < end}), or -1: the whole function in one method. */
        private final int start, end;
        /** In a region: the frame lives in the value stack, S is its array (re-read after calls), TMP a scratch. */
        private final boolean inArray;
        private final int arrayLocal, tmpLocal;
        /**
         * The body of {@code call}: its JVM arguments after fp are this activation's level (call depth and
         * compiled-frame room, a long in locals 4-5), its fuel budget (6-7) and the first {@code args} slots
         * (locals 8, 10, ...; one lower in a static twin), the result and budget are returned, and
         * the frame in the value stack is only made sure of ({@code ctx.ensure}) on the slow paths that use it.
         * -1: {@code run}'s body (parameters in the frame, depth and room read from the context at entry).
         */
        private final int args;
        // JVM locals after the arguments: the memory, its segment, the callee of the call in flight (read by the
        // calls' exception handler), in run's body this activation's level (call depth and compiled-frame room),
        // then the slots. The instance has no local: instance() reads it from the function where needed.
        private final int MEMORY, MEM, CALLEE, LEVEL, SLOT0;
        /** The JVM local of call's fuel-budget argument (a long: locals 6 and 7) and of its first argument slot. */
        private final int BUDGET_ARG, ARG0;
        /**
         * A static method (a twin, see build): no receiver, so every argument local is one lower; these shadow the
         * class's constants of the same names.
         */
        private final boolean isStatic;
        private final int CTX, FN, FP;
        /** Whether the function reads or writes linear memory: if not, no memory or segment locals are kept. */
        private final boolean usesMemory;
        /** In call's body: this class, whose call a self-recursive CALL invokes directly; else null. */
        private ClassDesc self;

        /** The method a self-recursive CALL invokes: call itself, or its twin (see build). */
        private String selfMethod;

        /**
         * The body of {@code callUnchecked}: call's, for a call with nothing to check (no fuel limit, deadline
         * or interrupt: {@code Limiter.UNCHECKED}), so no fuel is charged, the budget argument is passed on
         * unread, and the result alone is returned (see {@link CompiledCode#callUnchecked}).
         */
        private boolean unchecked;

        Body unchecked() {
            unchecked = true;
            return this;
        }

        Body self(ClassDesc name, String method) {
            self = name;
            selfMethod = method;
            return this;
        }

        /** The class whose padded access helpers this body calls ({@link #accessHelpers}), or null. */
        private ClassDesc helpers;

        Body helpers(ClassDesc owner) {
            helpers = owner;
            return this;
        }
        private final Map<Integer, Label> exits = new java.util.TreeMap<>();

        /** An on-stack-replacement entry pc, or -1. */
        private final int entry;
        /**
         * Slots kept in a JVM {@code int} or {@code double} local rather than a {@code long}: declared i32 and
         * f64 locals (one type for the whole function; parameters and operand-stack slots stay long). A loop
         * counter then is an int for C2, which recognises the loop as counted (range-check elimination,
         * unrolling) where a long that goes through l2i/i2l at every increment is not, and an f64 accumulator
         * stays in a floating-point register instead of moving to an integer one at every iteration. Read as the
         * long its producers leave (i32 sign-extended, f64 its raw bits).
         */
        private final ValType[] typedSlot;
        /**
         * The fuel budget lives in a JVM local while this method runs (a field written every loop iteration
         * would chain each iteration to the last through memory): loaded at entry (call's body: its argument),
         * written back to {@code ctx.budget} before calls, returns in run's convention and the fuel slow path,
         * read again after calls (from what call returns for a callee in its convention). Code between
         * calls is covered by a handler that writes it back when a trap leaves the method; during a call the
         * callee's own write-back stands, so call sites are outside those ranges.
         *
         * <p>A call in call's convention passes the budget as an argument and writes nothing back before it:
         * the range of own code ends at the call instruction itself, so that a trap in the call's set-up (an
         * indirect call's checks) still writes it back. What that gives up: a callee that fails before its
         * first instruction (a StackOverflowError at its entry, which no handler of the callee sees) leaves in
         * ctx.budget the last budget written back, at most one fuel chunk ({@code Limiter.CHUNK}) older, since
         * the fuel slow path writes it back every chunk. That matters only to a host function that catches that
         * call-stack trap and goes on calling; the store it would take before every call cost fib 6%
         * (RATIONALE.md "Per-call work").
         */
        private Label ownCode;
        private final List<Label[]> ownRanges = new ArrayList<>();

        Body(CodeBuilder cb, WasmFunction fn, BitSet targets, int entry, int start, int end, int args) {
            this(cb, fn, targets, entry, start, end, args, false);
        }

        Body(CodeBuilder cb, WasmFunction fn, BitSet targets, int entry, int start, int end, int args,
             boolean isStatic) {
            this.isStatic = isStatic;
            int o = isStatic ? -1 : 0;
            CTX = Compiler.CTX + o;
            FN = Compiler.FN + o;
            FP = Compiler.FP + o;
            BUDGET_ARG = 6 + o;
            ARG0 = 8 + o;
            this.cb = cb;
            this.entry = entry;
            this.fn = fn;
            this.code = fn.code;
            this.targets = targets;
            this.labels = new Label[code.length + 1];
            this.start = start;
            this.end = end;
            this.inArray = start >= 0;
            this.args = args;
            MEMORY = args < 0 ? 4 : ARG0 + 2 * args;
            MEM = MEMORY + 1;
            CALLEE = MEMORY + 2;
            LEVEL = args < 0 ? MEMORY + 3 : 4 + o; // a long
            SLOT0 = MEMORY + 5;
            arrayLocal = SLOT0;
            tmpLocal = SLOT0 + 1;
            this.typedSlot = inArray || fn.numLocals > MAX_SLOTS ? null : fn.typedLocalSlots();
            boolean memory = false;
            for (int pc = 0; pc < code.length && !memory; pc += Op.length(code, pc)) {
                int op = code[pc];
                memory = op >= Op.I32_LOAD && op <= Op.I64_STORE32 || op >= Op.I32_LOAD_ADD && op <= Op.I32_STORE8_ADD
                        || op == Op.MEMORY_SIZE || op == Op.MEMORY_GROW || op == Op.MISC || op == Op.V128;
            }
            this.usesMemory = memory;
        }

        private boolean isInt(int s) {
            return typedSlot != null && s < typedSlot.length && typedSlot[s] == ValType.I32;
        }

        private boolean isDouble(int s) {
            return typedSlot != null && s < typedSlot.length && typedSlot[s] == ValType.F64;
        }

        /** Pushes slot s as a double (an f64 operand). */
        private void loadDouble(int s) {
            if (isDouble(s)) cb.dload(slot(s)); else { load(s); toDouble(); }
        }

        /** Stores the double on the operand stack (an f64 result) to slot s. */
        private void storeDouble(int s) {
            if (isDouble(s)) cb.dstore(slot(s)); else { fromDouble(); store(s); }
        }

        /** The label of branch target t; in a region, a target outside it is an exit that returns t. */
        private Label label(int t) {
            t = target(t);
            if (inArray && (t < start || t >= end)) return exits.computeIfAbsent(t, k -> cb.newLabel());
            if (labels[t] == null) labels[t] = cb.newLabel();
            return labels[t];
        }

        /**
         * The JVM local of frame slot i. In call's body a parameter is its JVM argument, except an i32 or f64 one:
         * that is copied at entry to an int or double local after the other slots' (typedParameters), so a
         * parameter used as a loop counter or pointer is an int for C2 like a declared local, not a long that
         * goes through l2i and i2l at every use and is kept in both forms across calls.
         */
        private int slot(int i) {
            if (i < args) return isInt(i) || isDouble(i) ? SLOT0 + 2 * (fn.frameSize - args + i) : ARG0 + 2 * i;
            return SLOT0 + 2 * (i - Math.max(0, args));
        }

        /** In call's body: the i32 and f64 parameters, from their JVM arguments to their typed locals. */
        private void typedParameters() {
            for (int i = 0; i < args; i++) {
                if (isInt(i)) {
                    cb.lload(ARG0 + 2 * i).l2i().istore(slot(i));
                } else if (isDouble(i)) {
                    cb.lload(ARG0 + 2 * i);
                    toDouble();
                    cb.dstore(slot(i));
                }
            }
        }

        /** In {@code call}'s body, before a slow path that uses the frame in the value stack: its room there. */
        private void ensureFrame() {
            if (args < 0) return; // run's prologue, a split function's dispatcher or the interpreter made sure
            cb.aload(CTX).iload(FP).loadConstant(fn.frameSize).iadd()
                    .invokevirtual(CD_CTX, "ensure", MethodTypeDesc.of(CD_LONGS, CD_int));
            cb.pop();
        }

        /**
         * Whether slot s is one of the frame's constant slots, which the lowerer only ever reads (pooled constants
         * alias them): outside a region its value is a bytecode constant rather than a JVM local set at entry, so
         * the method's bytecode (which HotSpot's inlining limits count) and its locals stay smaller.
         */
        private boolean constantSlot(int s) {
            return !inArray && s >= fn.numLocals && s < fn.numLocals + fn.constants.length;
        }

        private void load(int s) {
            if (constantSlot(s)) {
                cb.loadConstant(fn.constants[s - fn.numLocals]);
                return;
            }
            if (isInt(s)) {
                cb.iload(slot(s)).i2l();
                return;
            }
            if (isDouble(s)) {
                cb.dload(slot(s));
                fromDouble();
                return;
            }
            if (!inArray) {
                cb.lload(slot(s));
                return;
            }
            cb.aload(arrayLocal);
            stackIndex(s);
            cb.laload();
        }

        /** Pushes slot s as an int (an i32 operand): no widening for an int slot. */
        private void loadInt(int s) {
            if (constantSlot(s)) {
                cb.loadConstant((int) fn.constants[s - fn.numLocals]); // bytecode HotSpot's inlining counts
                return;
            }
            if (isInt(s)) cb.iload(slot(s)); else { load(s); cb.l2i(); }
        }

        /** Pushes slot s as an int with its sign bit flipped (an unsigned compare's operand). */
        private void loadIntFlipped(int s) {
            if (constantSlot(s)) {
                cb.loadConstant((int) fn.constants[s - fn.numLocals] ^ Integer.MIN_VALUE);
                return;
            }
            loadInt(s);
            cb.loadConstant(Integer.MIN_VALUE).ixor();
        }

        /** Stores the int on the operand stack (an i32 result) to slot s, sign-extended if the slot is a long. */
        private void storeInt(int s) {
            if (isInt(s)) cb.istore(slot(s)); else { cb.i2l(); store(s); }
        }

        private void store(int s) {
            if (constantSlot(s)) throw new IllegalStateException("a write to constant slot " + s);
            if (isInt(s)) {
                cb.l2i().istore(slot(s));
                return;
            }
            if (isDouble(s)) {
                toDouble();
                cb.dstore(slot(s));
                return;
            }
            if (!inArray) {
                cb.lstore(slot(s));
                return;
            }
            cb.lstore(tmpLocal).aload(arrayLocal);
            stackIndex(s);
            cb.lload(tmpLocal).lastore();
        }

        /**
         * The budget's JVM local: in call's body its argument, else after the frame's slots (or a region's array
         * and scratch locals).
         */
        private int budget() {
            return args >= 0 ? BUDGET_ARG : inArray ? tmpLocal + 2 : slot(fn.frameSize);
        }

        /** Loads ctx.budget into the local and opens a range of own code. */
        private void loadBudget() {
            if (!unchecked) cb.aload(CTX).getfield(CD_CTX, "budget", CD_long).lstore(budget());
            openOwnCode();
        }

        /** Opens a range of own code: the budget local is this activation's budget until the next call. */
        private void openOwnCode() {
            ownCode = cb.newLabel();
            cb.labelBinding(ownCode);
        }

        /** Ends the range of own code at {@code end}, bound here (a call follows, or the budget was written back). */
        private void endOwnCode(Label end) {
            cb.labelBinding(end);
            ownRanges.add(new Label[] {ownCode, end});
            ownCode = null;
        }

        /** Writes the local budget back to ctx.budget (an unchecked body has none: ctx.budget stays huge). */
        private void flushBudget() {
            if (unchecked) return;
            cb.aload(CTX).lload(budget()).putfield(CD_CTX, "budget", CD_long);
        }

        /**
         * Closes the range of own code before a call in run's convention: the budget is written back, where the
         * callee (a compiled one in that convention, the interpreter, a host) charges it, until it is read again
         * ({@link #loadBudget}). A call in call's convention passes it instead ({@link #ownCode}).
         */
        private void closeOwnCode() {
            flushBudget();
            endOwnCode(cb.newLabel());
        }

        private void refreshArray() {
            if (inArray) cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS).astore(arrayLocal);
        }

        void emit() {
            if (inArray) {
                emitRegion();
                return;
            }
            if (entry >= 0) osrPrologue(); else prologue();
            if (args >= 0) openOwnCode(); else loadBudget(); // call's budget is its argument
            if (entry >= 0) cb.goto_(label(entry));
            for (int pc = 0; pc < code.length; ) {
                if (targets.get(pc)) cb.labelBinding(label(pc));
                pc = step(pc, code.length);
            }
            handlers();
        }

        /**
         * One region of a split function: entered at its start or at any branch target in it (a switch on the
         * entry pc), left by returning the pc where control goes next (-1 after RETURN).
         */
        private void emitRegion() {
            cb.iload(4); // the entry pc, kept on the operand stack while local 4 becomes the memory
            instanceAndMemory();
            depthAndRoom();
            refreshArray();
            loadBudget();
            List<SwitchCase> entries = new ArrayList<>();
            entries.add(SwitchCase.of(start, label(start)));
            for (int t = targets.nextSetBit(start + 1); t >= 0 && t < end; t = targets.nextSetBit(t + 1)) {
                entries.add(SwitchCase.of(t, label(t)));
            }
            Label bad = cb.newLabel();
            cb.lookupswitch(bad, entries);
            for (int pc = start; pc < end; ) {
                if (pc == start || targets.get(pc)) cb.labelBinding(label(pc));
                pc = step(pc, end);
            }
            flushBudget();
            cb.loadConstant(end).ireturn(); // falls through into the next region
            for (Map.Entry<Integer, Label> e : exits.entrySet()) {
                cb.labelBinding(e.getValue());
                flushBudget();
                cb.loadConstant(e.getKey()).ireturn();
            }
            cb.labelBinding(bad);
            cb.aconst_null().athrow(); // not an entry of this region: cannot happen
            handlers();
        }

        /** Every method's start: the instance's memory and the memory's segment in locals, no call in flight. */
        private void instanceAndMemory() {
            if (usesMemory) {
                instance();
                cb.getfield(CD_INST, "memory", CD_MEM).astore(MEMORY);
            }
            refreshMemory();
            cb.aconst_null().astore(CALLEE);
        }

        /**
         * Pushes the function's instance, read from the function each time rather than kept in a local: a local
         * read on the slow paths (calls of interpreted or host functions, the interpreter's instructions) is live
         * across every call, so each compiled call paid a load and a spill for it even where no slow path ran
         * (fib: one of the dozen values a recursive call kept on the JVM stack). A global's access reads it again
         * after a call, one load the local's reload from the stack cost as well.
         */
        private void instance() {
            cb.aload(FN).getfield(CD_FN, "instance", CD_INST);
        }

        private void prologue() {
            typedParameters();
            instanceAndMemory();
            if (args < 0) depthAndRoom();
            // the frame's slots: parameters from the stack (or call's arguments), declared locals zero, constant
            // slots their values
            if (args < 0) {
                frameArray(cb, fn);
                for (int i = 0; i < fn.numParams; i++) {
                    cb.dup();
                    stackIndex(i);
                    cb.laload();
                    store(i);
                }
                cb.pop();
            }
            for (int i = fn.numParams; i < fn.frameSize; i++) {
                if (constantSlot(i)) continue;
                if (isInt(i)) {
                    cb.iconst_0().istore(slot(i));
                } else if (isDouble(i)) {
                    cb.dconst_0().dstore(slot(i));
                } else {
                    cb.lconst_0();
                    store(i);
                }
            }
        }

        /** An on-stack-replacement entry: the instance and memory as in prologue(), every slot from the stack. */
        private void osrPrologue() {
            instanceAndMemory();
            depthAndRoom();
            cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
            for (int i = 0; i < fn.frameSize; i++) {
                if (constantSlot(i)) continue;
                cb.dup();
                stackIndex(i);
                cb.laload();
                store(i);
            }
            cb.pop();
        }

        /**
         * In run's convention: this activation's call depth and compiled-frame room, which stay in the context
         * while it runs (every call restores them).
         */
        private void depthAndRoom() {
            cb.aload(CTX);
            support("level", MethodTypeDesc.of(CD_long, CD_CTX));
            cb.lstore(LEVEL);
        }

        /** The context's depth and room become this activation's (its LEVEL). */
        private void publish() {
            cb.aload(CTX).lload(LEVEL);
            support("publish", MethodTypeDesc.of(CD_void, CD_CTX, CD_long));
        }

        private void refreshMemory() {
            if (!usesMemory) return;
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

        /**
         * Charges {@code cost} to the budget; below zero, CompiledSupport.fuel (with nothing more to charge)
         * refills it or stops the call. Inline for the same reason as {@link #inline}: a checkpoint per block.
         */
        private void fuel(int cost) {
            if (unchecked) return;
            Label ok = cb.newLabel();
            cb.lload(budget()).loadConstant((long) cost).lsub().dup2().lstore(budget()).lconst_0().lcmp().ifge(ok);
            flushBudget();
            cb.aload(CTX).iconst_0();
            support("fuel", MethodTypeDesc.of(CD_void, CD_CTX, CD_int));
            cb.aload(CTX).getfield(CD_CTX, "budget", CD_long).lstore(budget());
            cb.labelBinding(ok);
        }

        /** A branch to {@code t}; a negative t is a loop back-edge that charges the loop's fuel first. */
        private void branch(int t) {
            if (t < 0) fuel(code[~t - 1]);
            cb.goto_(label(t));
        }

        /**
         * Emits the instruction at pc, or it and the next one when they fuse ({@link #compareAndBranch}), and
         * returns the pc after them; {@code limit} is the end of the code this method emits.
         */
        private int step(int pc, int limit) {
            int next = pc + Op.length(code, pc);
            if (next < limit && !targets.get(next) && compareAndBranch(pc, next)) return next + Op.length(code, next);
            instruction(pc);
            return next;
        }

        /**
         * A compare (i32, i64 or f64) whose result the next instruction branches on: one JVM compare-and-jump
         * instead of a 0 or 1 made, kept and tested, which C2 does not always see through (a loop's exit test in
         * mandelbrot kept a materialised f64.le in a register and tested it). The result slot still gets its
         * value on both paths, so nothing else may depend on the fusion; where it is dead (the usual case, a
         * stack temporary), C2 drops the store. The interpreter's lowerer fuses only i32 compares
         * ({@code BR_IF_I32_*}): its dispatch loop has no room for more opcodes.
         */
        private boolean compareAndBranch(int pc, int next) {
            int op = code[pc], br = code[next];
            if (op < Op.I32_EQ || op > Op.F64_GE || op == Op.I64_EQZ) return false;
            if (br != Op.BR_IF && br != Op.BR_UNLESS && br != Op.BR_IF_I32_EQZ) return false;
            int dst = code[pc + 1];
            if (code[next + 1] != dst) return false;
            Label no = cb.newLabel();
            jumpUnless(op, code[pc + 2], code[pc + 3], no);
            cb.lconst_1();
            store(dst);
            int t = code[next + 2];
            if (br == Op.BR_IF) {
                branch(t);
                cb.labelBinding(no);
                cb.lconst_0();
                store(dst);
            } else {
                Label done = cb.newLabel();
                cb.goto_(done).labelBinding(no);
                cb.lconst_0();
                store(dst);
                if (br == Op.BR_UNLESS) cb.goto_(label(t)); else branch(t);
                cb.labelBinding(done);
            }
            return true;
        }

        private void instruction(int pc) {
            int op = code[pc];
            switch (op) {
                case Op.FUEL, Op.LOOP -> fuel(code[pc + 1]);
                case Op.UNREACHABLE -> {
                    support("unreachable", MethodTypeDesc.of(CD_TRAP));
                    cb.athrow();
                }
                case Op.BR -> branch(code[pc + 1]);
                case Op.BR_IF, Op.BR_IF_I32_EQZ -> {
                    Label skip = cb.newLabel();
                    loadInt(code[pc + 1]);
                    if (op == Op.BR_IF) cb.ifeq(skip); else cb.ifne(skip);
                    branch(code[pc + 2]);
                    cb.labelBinding(skip);
                }
                case Op.BR_UNLESS -> {
                    loadInt(code[pc + 1]);
                    cb.ifeq(label(code[pc + 2]));
                }
                case Op.BR_TABLE -> {
                    int n = code[pc + 2];
                    loadInt(code[pc + 1]);
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
                    if (args >= 0 && unchecked) { // callUnchecked's body: the result alone
                        if (CompiledCode.returns(fn.type()) == CompiledCode.RETURNS_BUDGET) cb.lconst_0();
                        else load(a);
                        cb.lreturn();
                        return;
                    }
                    if (args >= 0) { // call's body: the result (at most one slot) and the budget are returned
                        switch (CompiledCode.returns(fn.type())) {
                            case CompiledCode.RETURNS_BUDGET -> cb.lload(budget());
                            case CompiledCode.RETURNS_WIDE -> {
                                flushBudget();
                                load(a);
                            }
                            default -> {
                                load(a);
                                cb.lload(budget()).invokestatic(CD_CODE, "pack", MTD_BIN);
                            }
                        }
                        cb.lreturn();
                        return;
                    }
                    cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
                    for (int i = 0; i < n; i++) {
                        cb.dup();
                        stackIndex(i);
                        load(a + i);
                        cb.lastore();
                    }
                    cb.pop();
                    flushBudget();
                    if (inArray) cb.iconst_m1().ireturn(); else cb.return_();
                }
                case Op.CALL, Op.CALL_IMPORT -> {
                    FunctionInstance target = fn.instance.functions[code[pc + 1]];
                    int base = code[pc + 2];
                    boolean direct = CompiledCode.direct(target.numParams, target.numResults);
                    if (!direct) {
                        closeOwnCode();
                        ensureFrame();
                        spill(base, target.numParams);
                    }
                    if (direct && self != null && target == fn) {
                        selfCall(base);
                        return;
                    }
                    instance();
                    cb.getfield(CD_INST, "functions", CD_FUNCS).loadConstant(code[pc + 1]).aaload();
                    if (direct) {
                        directCall(base, target.numParams, CompiledCode.returns(target.type()));
                    } else {
                        callTarget(base);
                        afterCall(base, target.numResults);
                        loadBudget();
                    }
                }
                case Op.CALL_INDIRECT -> {
                    FuncType type = fn.instance.module.type(code[pc + 1]);
                    int base = code[pc + 4], params = Slots.of(type.params()), results = Slots.of(type.results());
                    boolean direct = CompiledCode.direct(params, results);
                    if (!direct) {
                        closeOwnCode();
                        ensureFrame();
                        spill(base, params);
                    }
                    instance();
                    cb.loadConstant(code[pc + 1]).loadConstant(code[pc + 2]);
                    loadInt(code[pc + 3]);
                    support("indirectTarget", MethodTypeDesc.of(CD_FI, CD_INST, CD_int, CD_int, CD_int));
                    if (direct) {
                        directCall(base, params, CompiledCode.returns(type));
                    } else {
                        callTarget(base);
                        afterCall(base, results);
                        loadBudget();
                    }
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
                    loadInt(code[pc + 4]);
                    cb.ifeq(second);
                    load(code[pc + 2]);
                    cb.goto_(done).labelBinding(second);
                    load(code[pc + 3]);
                    cb.labelBinding(done);
                    store(code[pc + 1]);
                }
                case Op.GLOBAL_GET -> {
                    instance();
                    cb.getfield(CD_INST, "globals", CD_GLOBALS).loadConstant(code[pc + 2]).aaload()
                            .getfield(CD_GLOBAL, "bits", CD_long);
                    store(code[pc + 1]);
                }
                case Op.GLOBAL_SET -> {
                    instance();
                    cb.getfield(CD_INST, "globals", CD_GLOBALS).loadConstant(code[pc + 1]).aaload();
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
                case Op.UNARY -> { // Ops.uXX, the opcode's own method (inlinable), not the dispatching switch
                    if (inline(pc, op)) break;
                    load(code[pc + 3]);
                    cb.invokestatic(CD_OPS, opMethod("u", code[pc + 1]), MTD_UN);
                    store(code[pc + 2]);
                }
                case Op.BINARY -> {
                    if (inline(pc, op)) break;
                    load(code[pc + 3]);
                    load(code[pc + 4]);
                    cb.invokestatic(CD_OPS, opMethod("b", code[pc + 1]), MTD_BIN);
                    store(code[pc + 2]);
                }
                case Op.MISC -> misc(pc);
                case Op.V128 -> v128(pc);
                default -> helper(pc, op);
            }
        }

        /** An instruction translated as one call of its CompiledSupport helper, or inline when it is simple. */
        private void helper(int pc, int op) {
            if (inline(pc, op)) return;
            MethodTypeDesc t = HELPER.get(op);
            if (t == null) throw new IllegalStateException("no compiled form for internal opcode " + op);
            String name = NAMES[op];
            if (t.equals(MTD_UN) || t.equals(MTD_BIN)) {
                for (int i = 2; i < 2 + t.parameterCount(); i++) load(code[pc + i]);
                support(name, t);
                store(code[pc + 1]);
            } else {
                throw new IllegalStateException("helper " + name + " has an unexpected signature " + t);
            }
        }

        /**
         * Integer, f32 and f64 arithmetic, compares, conversions, fused compare-branches, loads and stores as JVM
         * instructions rather than calls of their CompiledSupport helper. HotSpot's C2 compiles both to the same machine code
         * while it inlines everything, but a large function spends its inlining budget on these calls; and a JVM
         * without a JIT (Zero, Debian's armhf JDK) interprets a call as dozens of times the work of an
         * {@code iadd}. Each form leaves the exact long its helper returns (i32 results sign-extended, compares 0
         * or 1), so the frame's contents do not depend on the tier. Returns false for what stays a call.
         */
        private boolean inline(int pc, int op) {
            if (op >= Op.I32_ADD && op <= Op.I32_SHR_U) {
                loadInt(code[pc + 2]);
                loadInt(code[pc + 3]);
                cb.with(OperatorInstruction.of(I32_BINARY[op - Op.I32_ADD]));
                storeInt(code[pc + 1]);
                return true;
            }
            if (op >= Op.I64_ADD && op <= Op.I64_SHR_U) {
                load(code[pc + 2]);
                load(code[pc + 3]);
                if (op >= Op.I64_SHL) cb.l2i(); // the count: masked to 6 bits by the JVM, as by Wasm
                cb.with(OperatorInstruction.of(I64_BINARY[op - Op.I64_ADD]));
                store(code[pc + 1]);
                return true;
            }
            if (op >= Op.F64_ADD && op <= Op.F64_DIV) {
                loadDouble(code[pc + 2]);
                loadDouble(code[pc + 3]);
                cb.with(OperatorInstruction.of(F64_BINARY[op - Op.F64_ADD]));
                storeDouble(code[pc + 1]);
                return true;
            }
            if (op == Op.F64_MUL_ADD) { // two roundings, as the f64.mul and f64.add it fuses
                loadDouble(code[pc + 2]);
                loadDouble(code[pc + 3]);
                cb.dmul();
                loadDouble(code[pc + 4]);
                cb.dadd();
                storeDouble(code[pc + 1]);
                return true;
            }
            if (op >= Op.I32_EQ && op <= Op.F64_GE && op != Op.I64_EQZ) {
                Label no = cb.newLabel();
                jumpUnless(op, code[pc + 2], code[pc + 3], no);
                oneUnless(no);
                store(code[pc + 1]);
                return true;
            }
            if (op >= Op.BR_IF_I32_EQ && op <= Op.BR_IF_I32_GE_U) {
                Label skip = cb.newLabel();
                jumpUnless(op - Op.BR_IF_I32_EQ + Op.I32_EQ, code[pc + 1], code[pc + 2], skip);
                branch(code[pc + 3]);
                cb.labelBinding(skip);
                return true;
            }
            if (op >= Op.F32_ADD && op <= Op.F32_DIV) {
                load(code[pc + 2]);
                toFloat();
                load(code[pc + 3]);
                toFloat();
                cb.with(OperatorInstruction.of(F32_BINARY[op - Op.F32_ADD]));
                fromFloat();
                store(code[pc + 1]);
                return true;
            }
            if (op == Op.UNARY && unary(code[pc + 1], code[pc + 3])) {
                store(code[pc + 2]);
                return true;
            }
            if (op == Op.BINARY && code[pc + 1] >= 0x5B && code[pc + 1] <= 0x60) { // f32.eq .. f32.ge
                Label no = cb.newLabel();
                load(code[pc + 3]);
                toFloat();
                load(code[pc + 4]);
                toFloat();
                floatJumpUnless(false, code[pc + 1] - 0x5B, no);
                oneUnless(no);
                store(code[pc + 2]);
                return true;
            }
            if (op >= Op.I32_LOAD && op <= Op.I64_LOAD32_U) {
                cb.aload(MEM);
                load(code[pc + 2]);
                address(code[pc + 3]);
                memoryGet(op);
                store(code[pc + 1]);
                return true;
            }
            if (op >= Op.I32_LOAD_ADD && op <= Op.I32_LOAD16_U_ADD) {
                cb.aload(MEM);
                loadInt(code[pc + 2]);
                loadInt(code[pc + 3]);
                cb.iadd().i2l();
                address(code[pc + 4]);
                memoryGet(switch (op) {
                    case Op.I32_LOAD_ADD -> Op.I32_LOAD;
                    case Op.I64_LOAD_ADD -> Op.I64_LOAD;
                    case Op.I32_LOAD8_U_ADD -> Op.I32_LOAD8_U;
                    case Op.I32_LOAD8_S_ADD -> Op.I32_LOAD8_S;
                    default -> Op.I32_LOAD16_U;
                });
                store(code[pc + 1]);
                return true;
            }
            if (op >= Op.I32_STORE && op <= Op.I64_STORE32) {
                cb.aload(MEM);
                load(code[pc + 1]);
                address(code[pc + 3]);
                load(code[pc + 2]);
                memorySet(op);
                return true;
            }
            if (op >= Op.I32_STORE_ADD && op <= Op.I32_STORE8_ADD) {
                cb.aload(MEM);
                loadInt(code[pc + 1]);
                loadInt(code[pc + 2]);
                cb.iadd().i2l();
                address(code[pc + 4]);
                load(code[pc + 3]);
                memorySet(op == Op.I32_STORE_ADD ? Op.I32_STORE : op == Op.I64_STORE_ADD ? Op.I64_STORE : Op.I32_STORE8);
                return true;
            }
            switch (op) {
                case Op.I32_EQZ, Op.I64_EQZ -> {
                    Label no = cb.newLabel();
                    if (op == Op.I32_EQZ) loadInt(code[pc + 2]); else { load(code[pc + 2]); cb.lconst_0().lcmp(); }
                    cb.ifne(no);
                    oneUnless(no);
                }
                case Op.I32_WRAP_I64, Op.I64_EXTEND_I32_S -> {
                    load(code[pc + 2]);
                    cb.l2i().i2l();
                }
                case Op.I64_EXTEND_I32_U -> {
                    load(code[pc + 2]);
                    cb.loadConstant(0xFFFF_FFFFL).land();
                }
                case Op.I32_ADD_IMM -> {
                    loadInt(code[pc + 2]);
                    cb.loadConstant(code[pc + 3]).iadd();
                    storeInt(code[pc + 1]);
                    return true;
                }
                default -> {
                    return false;
                }
            }
            store(code[pc + 1]);
            return true;
        }

        /**
         * The effective address of an access from the i32 address on the operand stack (as a long) and the
         * instruction's offset, as Interpreter.ea computes it: both unsigned, summed in 64 bits, so a sum past
         * 2^32 fails the segment's bounds check like any other address past the memory.
         */
        private void address(int offset) {
            cb.loadConstant(0xFFFF_FFFFL).land();
            if (offset != 0) cb.loadConstant(offset & 0xFFFF_FFFFL).ladd();
        }

        /** Reads what load {@code op} reads through MemoryInstance's accessor and widens it to the slot's long. */
        private void memoryGet(int op) {
            switch (op) {
                case Op.I32_LOAD, Op.I64_LOAD32_S, Op.I64_LOAD32_U -> {
                    memory("getI32");
                    cb.i2l();
                    if (op == Op.I64_LOAD32_U) cb.loadConstant(0xFFFF_FFFFL).land();
                }
                case Op.I64_LOAD -> memory("getI64");
                case Op.I32_LOAD8_S, Op.I32_LOAD8_U, Op.I64_LOAD8_S, Op.I64_LOAD8_U -> {
                    memory("getI8");
                    if (op == Op.I32_LOAD8_U || op == Op.I64_LOAD8_U) cb.loadConstant(0xFF).iand();
                    cb.i2l();
                }
                default -> { // the 16-bit loads
                    memory("getI16");
                    if (op == Op.I32_LOAD16_U || op == Op.I64_LOAD16_U) cb.loadConstant(0xFFFF).iand();
                    cb.i2l();
                }
            }
        }

        /** Writes the slot value on the operand stack as store {@code op} does, through MemoryInstance. */
        private void memorySet(int op) {
            switch (op) {
                case Op.I64_STORE -> memory("setI64");
                case Op.I32_STORE, Op.I64_STORE32 -> {
                    cb.l2i();
                    memory("setI32");
                }
                case Op.I32_STORE8, Op.I64_STORE8 -> {
                    cb.l2i().i2b();
                    memory("setI8");
                }
                default -> {
                    cb.l2i().i2s();
                    memory("setI16");
                }
            }
        }

        /**
         * MemoryInstance's static accessor {@code name}: get (segment, index) or set (segment, index, value);
         * through the class's padded helper when it has them.
         */
        private void memory(String name) {
            MethodTypeDesc type = accessorType(name);
            if (helpers != null) cb.invokestatic(helpers, "m" + name, type);
            else cb.invokestatic(CD_MEM, name, type);
        }

        /**
         * The simple one-operand ops of {@link Op#UNARY} (sign and bit moves, conversions that cannot trap, sign
         * extensions) inline, leaving what the opcode's Ops.uXX method returns; false (nothing emitted) for the
         * rest, which stay calls of that method.
         */
        private boolean unary(int wasmOp, int a) {
            switch (wasmOp) {
                case 0x99 -> { load(a); cb.loadConstant(Long.MAX_VALUE).land(); } // f64.abs
                case 0x9A -> { load(a); cb.loadConstant(Long.MIN_VALUE).lxor(); } // f64.neg
                case 0x8B -> { load(a); cb.l2i().loadConstant(Integer.MAX_VALUE).iand().i2l(); } // f32.abs
                case 0x8C -> { load(a); cb.l2i().loadConstant(Integer.MIN_VALUE).ixor().i2l(); } // f32.neg
                case 0xA7, 0xAC, 0xC4 -> { load(a); cb.l2i().i2l(); } // i32.wrap_i64, i64.extend_i32_s, i64.extend32_s
                case 0xAD, 0xBC, 0xBE -> { load(a); cb.loadConstant(0xFFFF_FFFFL).land(); } // extend_u, reinterprets
                case 0xBD, 0xBF -> load(a); // i64.reinterpret_f64, f64.reinterpret_i64
                case 0xC0, 0xC2 -> { load(a); cb.l2i().i2b().i2l(); } // i32/i64.extend8_s
                case 0xC1, 0xC3 -> { load(a); cb.l2i().i2s().i2l(); } // i32/i64.extend16_s
                case 0xB7 -> { loadInt(a); cb.i2d(); fromDouble(); } // f64.convert_i32_s
                case 0xB9 -> { load(a); cb.l2d(); fromDouble(); } // f64.convert_i64_s
                case 0xB2 -> { load(a); cb.l2i().i2f(); fromFloat(); } // f32.convert_i32_s
                case 0xB4 -> { load(a); cb.l2f(); fromFloat(); } // f32.convert_i64_s
                case 0xBB -> { load(a); toFloat(); cb.f2d(); fromDouble(); } // f64.promote_f32
                case 0xB6 -> { loadDouble(a); cb.d2f(); fromFloat(); } // f32.demote_f64
                default -> { return false; }
            }
            return true;
        }

        private void toFloat() {
            cb.l2i().invokestatic(CD_FLOAT, "intBitsToFloat", MethodTypeDesc.of(ConstantDescs.CD_float, CD_int));
        }

        /** An f32 result as its slot holds it: the raw bits, zero-extended. */
        private void fromFloat() {
            cb.invokestatic(CD_FLOAT, "floatToRawIntBits", MethodTypeDesc.of(CD_int, ConstantDescs.CD_float))
                    .i2l().loadConstant(0xFFFF_FFFFL).land();
        }

        private void fromDouble() {
            cb.invokestatic(CD_DOUBLE, "doubleToRawLongBits", MethodTypeDesc.of(CD_long, ConstantDescs.CD_double));
        }

        private void toDouble() {
            cb.invokestatic(CD_DOUBLE, "longBitsToDouble", MethodTypeDesc.of(ConstantDescs.CD_double, CD_long));
        }

        /**
         * Jumps to {@code no} unless the compare {@code op} (I32_EQ..F64_GE, not I64_EQZ) holds for slots a and b.
         * Unsigned compares flip the sign bits of both sides and compare signed; f64 compares pick the
         * NaN-biased dcmp that makes a NaN operand false (true for ne).
         */
        private void jumpUnless(int op, int a, int b, Label no) {
            if (op <= Op.I32_GE_U) {
                boolean unsigned = op == Op.I32_LT_U || op == Op.I32_GT_U || op == Op.I32_LE_U || op == Op.I32_GE_U;
                if (unsigned) loadIntFlipped(a); else loadInt(a);
                if (unsigned) loadIntFlipped(b); else loadInt(b);
                switch (op) {
                    case Op.I32_EQ -> cb.if_icmpne(no);
                    case Op.I32_NE -> cb.if_icmpeq(no);
                    case Op.I32_LT_S, Op.I32_LT_U -> cb.if_icmpge(no);
                    case Op.I32_GT_S, Op.I32_GT_U -> cb.if_icmple(no);
                    case Op.I32_LE_S, Op.I32_LE_U -> cb.if_icmpgt(no);
                    default -> cb.if_icmplt(no);
                }
                return;
            }
            if (op <= Op.I64_GE_U) {
                load(a);
                boolean unsigned = op == Op.I64_LT_U || op == Op.I64_GT_U || op == Op.I64_LE_U || op == Op.I64_GE_U;
                if (unsigned) cb.loadConstant(Long.MIN_VALUE).lxor();
                load(b);
                if (unsigned) cb.loadConstant(Long.MIN_VALUE).lxor();
                cb.lcmp();
                switch (op) {
                    case Op.I64_EQ -> cb.ifne(no);
                    case Op.I64_NE -> cb.ifeq(no);
                    case Op.I64_LT_S, Op.I64_LT_U -> cb.ifge(no);
                    case Op.I64_GT_S, Op.I64_GT_U -> cb.ifle(no);
                    case Op.I64_LE_S, Op.I64_LE_U -> cb.ifgt(no);
                    default -> cb.iflt(no);
                }
                return;
            }
            loadDouble(a);
            loadDouble(b);
            floatJumpUnless(true, op - Op.F64_EQ, no);
        }

        /**
         * Jumps to {@code no} unless the relation {@code rel} (0 eq, 1 ne, 2 lt, 3 gt, 4 le, 5 ge: the order of
         * both f32.eq..f32.ge and F64_EQ..F64_GE) holds for the two doubles (or floats) on the operand stack. The
         * NaN-biased compare is the one that makes a NaN operand false (true for ne).
         */
        private void floatJumpUnless(boolean dbl, int rel, Label no) {
            boolean nanGreater = rel == 2 || rel == 4; // lt, le: NaN must compare as greater to fail them
            if (dbl) {
                if (nanGreater) cb.dcmpg(); else cb.dcmpl();
            } else {
                if (nanGreater) cb.fcmpg(); else cb.fcmpl();
            }
            switch (rel) {
                case 0 -> cb.ifne(no);
                case 1 -> cb.ifeq(no);
                case 2 -> cb.ifge(no);
                case 3 -> cb.ifle(no);
                case 4 -> cb.ifgt(no);
                default -> cb.iflt(no);
            }
        }

        /** Pushes the long 1, or 0 when control came through a jump to {@code no}: a compare's result. */
        private void oneUnless(Label no) {
            Label done = cb.newLabel();
            cb.lconst_1().goto_(done).labelBinding(no).lconst_0().labelBinding(done);
        }

        /**
         * A table, bulk-memory or reference instruction: its source slots written to the frame on the value
         * stack, the interpreter's own {@code Misc.run} on them, its destination slots read back.
         */
        private void misc(int pc) {
            int o = pc + 3;
            int[] r, w; // source and destination slots; a v128 global's value is two
            switch (code[pc + 2]) {
                case Op.M_REF_FUNC, Op.M_GLOBAL_GET_REF -> { r = new int[0]; w = new int[] {code[o]}; }
                case Op.M_GLOBAL_GET_V128 -> { r = new int[0]; w = new int[] {code[o], code[o] + 1}; }
                case Op.M_GLOBAL_SET_REF -> { r = new int[] {code[o + 1]}; w = new int[0]; }
                case Op.M_GLOBAL_SET_V128 -> { r = new int[] {code[o + 1], code[o + 1] + 1}; w = new int[0]; }
                case Op.M_TABLE_GET -> { r = new int[] {code[o + 2]}; w = new int[] {code[o + 1]}; }
                case Op.M_TABLE_SET -> { r = new int[] {code[o + 1], code[o + 2]}; w = new int[0]; }
                case Op.M_TABLE_SIZE -> { r = new int[0]; w = new int[] {code[o + 1]}; }
                case Op.M_TABLE_GROW -> { r = new int[] {code[o + 2], code[o + 3]}; w = new int[] {code[o + 1]}; }
                case Op.M_TABLE_FILL -> { r = new int[] {code[o + 1], code[o + 2], code[o + 3]}; w = new int[0]; }
                case Op.M_TABLE_COPY, Op.M_TABLE_INIT -> {
                    r = new int[] {code[o + 2], code[o + 3], code[o + 4]};
                    w = new int[0];
                }
                case Op.M_MEMORY_INIT -> { r = new int[] {code[o + 1], code[o + 2], code[o + 3]}; w = new int[0]; }
                case Op.M_MEMORY_COPY, Op.M_MEMORY_FILL -> {
                    r = new int[] {code[o], code[o + 1], code[o + 2]};
                    w = new int[0];
                }
                case Op.M_ELEM_DROP, Op.M_DATA_DROP -> { r = new int[0]; w = new int[0]; }
                default -> throw new IllegalStateException("bad MISC sub-opcode " + code[pc + 2]);
            }
            ensureFrame();
            toFrame(r);
            cb.aload(CTX);
            instance();
            cb.aload(FN).getfield(CD_FN, "code", CD_INTS).loadConstant(pc).iload(FP);
            support("misc", MethodTypeDesc.of(CD_void, CD_CTX, CD_INST, CD_INTS, CD_int, CD_int));
            fromFrame(w);
            refreshMemory();
        }

        /**
         * A SIMD instruction. The lane-wise ones (most) run on the two halves in locals through the interpreter's
         * own per-half methods; the rest (lanes, shuffles, narrowing, memory) go through the interpreter's
         * {@code Simd.run} on the frame in the value stack, like {@link #misc}. Operands: the destination (if
         * the instruction has a result), then the sources bottom first, then immediates (see the lowerer).
         */
        private void v128(int pc) {
            int sub = code[pc + 2];
            int o = pc + 3;
            List<Integer> r = new ArrayList<>(), w = new ArrayList<>();
            if (sub == Op.V_SELECT) {
                for (int i = 0; i < 2; i++) w.add(code[o] + i);
                for (int i = 0; i < 2; i++) r.add(code[o + 1] + i);
                for (int i = 0; i < 2; i++) r.add(code[o + 2] + i);
                r.add(code[o + 3]);
            } else {
                Opcodes.Info info = Opcodes.info(0xFD00 + sub);
                if (info.pushes().length == 1) {
                    for (int i = 0; i < Slots.of(info.pushes()[0]); i++) w.add(code[o] + i);
                    o++;
                }
                for (ValType t : info.pops()) {
                    for (int i = 0; i < Slots.of(t); i++) r.add(code[o] + i);
                    o++;
                }
                int kind = CompiledSupport.v128Kind(sub);
                if (kind != 0) {
                    int d = code[pc + 3], a = code[pc + 4];
                    for (int half = 0; half < 2; half++) {
                        cb.loadConstant(sub);
                        load(a + half);
                        if (kind == CompiledSupport.V128_BINARY) {
                            load(code[pc + 5] + half);
                            support("v128Binary", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long));
                        } else if (kind == CompiledSupport.V128_SHIFT) {
                            load(code[pc + 5]);
                            cb.l2i();
                            support("v128Shift", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_int));
                        } else {
                            support("v128Unary", MethodTypeDesc.of(CD_long, CD_int, CD_long));
                        }
                    }
                    // both halves computed before either is stored: the destination may be a source
                    store(d + 1);
                    store(d);
                    return;
                }
            }
            ensureFrame();
            toFrame(r.stream().mapToInt(Integer::intValue).toArray());
            cb.aload(CTX).aload(MEMORY).aload(FN).getfield(CD_FN, "code", CD_INTS).loadConstant(pc).iload(FP);
            support("v128", MethodTypeDesc.of(CD_void, CD_CTX, CD_MEM, CD_INTS, CD_int, CD_int));
            fromFrame(w.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Writes the given slots to the frame in the value stack ({@code ctx.stack[fp + slot]}). */
        private void toFrame(int[] slots) {
            if (slots.length == 0 || inArray) return;
            cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
            for (int s : slots) {
                cb.dup();
                stackIndex(s);
                load(s);
                cb.lastore();
            }
            cb.pop();
        }

        /** Reads the given slots back from the frame in the value stack. */
        private void fromFrame(int[] slots) {
            if (slots.length == 0 || inArray) return;
            cb.aload(CTX).getfield(CD_CTX, "stack", CD_LONGS);
            for (int s : slots) {
                cb.dup();
                stackIndex(s);
                cb.laload();
                store(s);
            }
            cb.pop();
        }

        /**
         * Calls the function on the operand stack, its arguments already at {@code ctx.stack[fp + base..]}. A
         * Wasm function with compiled code is run right here, with the room check and trap unwinding of
         * {@code CompiledSupport.invoke} inlined: the {@code run} call site is then this caller's own, so HotSpot
         * profiles one receiver class there (one callee, or a few for an indirect call) and calls or inlines it
         * directly instead of a megamorphic dispatch from one shared site. Anything else (interpreted, host)
         * goes through {@code CompiledSupport.dispatch}.
         */
        private void callTarget(int base) {
            Label slow = cb.newLabel(), slowCallee = cb.newLabel(), done = cb.newLabel(), start = cb.newLabel(),
                    end = cb.newLabel();
            compiledCallee(slow, slowCallee);
            cb.aload(CTX);
            calleeLevel();
            support("publish", MethodTypeDesc.of(CD_void, CD_CTX, CD_long));
            cb.aload(CTX).aload(CALLEE);
            stackIndex(base);
            cb.labelBinding(start);
            cb.invokevirtual(CD_CODE, "run", MTD_RUN);
            cb.labelBinding(end);
            publish();
            toSlowPath(start, end, done, slowCallee, slow);
            // The interpreter or a host takes over: the context's depth and room become this activation's, in
            // either convention. Call's does not keep them there; run's does only until a compiled callee in
            // call's convention takes a slow path, which publishes the callee's level and leaves it when it
            // returns (a host function called next, and what it re-entered, counted one level too deep:
            // CompiledDepthTest).
            publish();
            cb.aload(CTX);
            instance();
            stackIndex(base);
            stackIndex(fn.frameSize);
            support("dispatch", MethodTypeDesc.of(CD_void, CD_FI, CD_CTX, CD_INST, CD_int, CD_int));
            cb.labelBinding(done);
        }

        /**
         * Calls the function on the operand stack, of a type with at most {@link CompiledCode#MAX_ARGS} parameter
         * slots and one result slot, its arguments in slots {@code base..}: as {@link #callTarget}, but a compiled
         * callee gets them as JVM arguments of its {@code call} and returns the result; only the slow path
         * (interpreted or host callee) writes them to the value stack.
         */
        private void directCall(int base, int params, int returns) {
            Label slow = cb.newLabel(), slowCallee = cb.newLabel(), done = cb.newLabel(), start = cb.newLabel(),
                    end = cb.newLabel();
            compiledCallee(slow, slowCallee);
            cb.aload(CTX).aload(CALLEE);
            calleeFrame(base);
            calleeLevel();
            cb.lload(budget());
            for (int i = 0; i < params; i++) load(base + i);
            endOwnCode(start); // the callee's own handlers write the budget back if it traps
            cb.invokevirtual(CD_CODE, unchecked ? "callUnchecked" : "call", callType(params));
            cb.labelBinding(end);
            cb.goto_(done);
            cb.exceptionCatch(start, end, calleeFailed(), CD_THROWABLE);
            openOwnCode(); // the slow path: this activation's budget is still in its local only
            cb.labelBinding(slowCallee);
            cb.pop().aload(CALLEE);
            cb.labelBinding(slow);
            slowCallAndResult(base, params, returns, done);
        }

        /**
         * Pushes the frame index a callee in call's convention gets, its arguments at {@code base..}. From call's
         * body that is this activation's own frame index, not {@code fp + base}: in call's convention the frame
         * in the value stack holds nothing across a call (locals and operands are JVM locals; slow paths write
         * it and read it back around one support call), so a compiled callee may use the same region for its
         * own slow paths, and anything they start (the interpreter, a host, run's convention) goes above it from
         * there. One value fewer that differs per call: C2 inlines small callees several levels deep, hoists each
         * level's {@code fp + base} and spills them all across the real call (fib 0.27 -> 0.25 ms). From run's
         * convention (a frame that lives in the value stack) it stays {@code fp + base}, above the live frame.
         */
        private void calleeFrame(int base) {
            if (args >= 0 && !inArray) cb.iload(FP); else stackIndex(base);
        }

        /**
         * A CALL of the function itself from call's body: the callee is this very code (the same function of the
         * same instance), so no lookup, type check or receiver check is needed, and its compiled-frame cost is a
         * constant. The room check (none left: the slow path runs it interpreted, or traps at the depth limit) and
         * trap unwinding are those of {@link #directCall}.
         */
        private void selfCall(int base) {
            Label slow = cb.newLabel(), done = cb.newLabel(), start = cb.newLabel(), end = cb.newLabel();
            int params = fn.numParams;
            cb.lload(LEVEL).l2i().ifle(slow);
            cb.aload(FN).astore(CALLEE);
            if (!isStatic) cb.aload(0);
            cb.aload(CTX).aload(FN);
            calleeFrame(base);
            cb.lload(LEVEL).loadConstant((1L << 32) - CompiledSupport.roomFor(fn)).ladd();
            cb.lload(budget());
            for (int i = 0; i < params; i++) load(base + i);
            endOwnCode(start);
            if (isStatic) cb.invokestatic(self, selfMethod, callType(params));
            else cb.invokevirtual(self, selfMethod, callType(params));
            cb.labelBinding(end);
            cb.goto_(done);
            cb.exceptionCatch(start, end, calleeFailed(), CD_THROWABLE);
            openOwnCode();
            cb.labelBinding(slow);
            cb.aload(FN);
            slowCallAndResult(base, params, CompiledCode.returns(fn.type()), done);
        }

        /**
         * The slow path of a call in {@code call}'s convention, entered with the callee function on the operand
         * stack ({@code CompiledSupport.slow} of the arity: interpreted or host callee, or no room left), then
         * at {@code done}, where the compiled path joins with what call returns on the operand stack
         * ({@code CompiledCode.returns}): the budget to its local, the result to slot {@code base}, the stack
         * array and memory segment read again.
         */
        private void slowCallAndResult(int base, int params, int returns, Label done) {
            endOwnCode(cb.newLabel()); // slow writes the budget back first
            cb.aload(CTX);
            instance();
            stackIndex(base);
            stackIndex(fn.frameSize);
            cb.lload(LEVEL).lload(budget());
            for (int i = 0; i < params; i++) load(base + i);
            ClassDesc[] p = new ClassDesc[7 + params];
            p[0] = CD_FI;
            p[1] = CD_CTX;
            p[2] = CD_INST;
            p[3] = CD_int; // base
            p[4] = CD_int; // top
            java.util.Arrays.fill(p, 5, 7 + params, CD_long); // level, budget, arguments
            support("slow", MethodTypeDesc.of(CD_long, p));
            if (unchecked) {
                resultOf(cb, returns); // the form the compiled path's callUnchecked leaves at done
                cb.labelBinding(done);
                refreshArray();
                if (returns == CompiledCode.RETURNS_BUDGET) cb.pop2(); else store(base);
                openOwnCode();
                refreshMemory();
                return;
            }
            cb.labelBinding(done);
            refreshArray();
            // what call returned (CompiledCode.returns): the budget back to its local, the result to its slot
            switch (returns) {
                case CompiledCode.RETURNS_BUDGET -> cb.lstore(budget());
                case CompiledCode.RETURNS_WIDE -> {
                    store(base);
                    cb.aload(CTX).getfield(CD_CTX, "budget", CD_long).lstore(budget());
                }
                default -> {
                    cb.dup2().invokestatic(CD_CODE, "budgetOf", MTD_UN).lstore(budget()).bipush(32);
                    if (returns == CompiledCode.RETURNS_I32) cb.lshr(); else cb.lushr();
                    store(base);
                }
            }
            openOwnCode();
            refreshMemory();
        }

        /**
         * The head of a call site whose callee function is on the operand stack: to {@code slow} (callee still
         * there) unless it is a Wasm function, to {@code slowCallee} (its code on the stack, the function in
         * CALLEE) unless it has compiled code and the thread has room for compiled frames (the slow path runs it
         * interpreted; room left implies depth left, see {@code CompiledSupport.room}). Leaves the compiled code on
         * the operand stack.
         */
        private void compiledCallee(Label slow, Label slowCallee) {
            cb.dup().instanceOf(CD_FN).ifeq(slow);
            cb.checkcast(CD_FN).dup().astore(CALLEE).getfield(CD_FN, "tier2", CD_CODE).dup().ifnull(slowCallee);
            cb.lload(LEVEL).l2i().ifle(slowCallee);
        }

        /**
         * Pushes the level of a call of CALLEE (CompiledSupport.level): one level deeper, its compiled-frame room
         * taken.
         */
        private void calleeLevel() {
            cb.lload(LEVEL).loadConstant(1L << 32).ladd().aload(CALLEE);
            support("roomFor", MethodTypeDesc.of(CD_int, CD_FN));
            cb.i2l().lsub();
        }

        /**
         * The end of a call site's compiled path ({@code start..end} covered by the trap-unwinding handler, then
         * on to {@code done}) and the start of its slow path, entered with the function on the operand stack.
         */
        private void toSlowPath(Label start, Label end, Label done, Label slowCallee, Label slow) {
            cb.goto_(done);
            cb.exceptionCatch(start, end, calleeFailed(), CD_THROWABLE);
            cb.labelBinding(slowCallee);
            cb.pop().aload(CALLEE);
            cb.labelBinding(slow);
        }

        /** The one handler of a method's compiled calls, bound after the body; see CompiledSupport.calleeFailed. */
        private Label calleeFailed() {
            if (calleeFailed == null) calleeFailed = cb.newLabel();
            return calleeFailed;
        }

        private void handlers() {
            if (ownCode != null) {
                Label end = cb.newLabel();
                cb.labelBinding(end);
                ownRanges.add(new Label[] {ownCode, end});
            }
            if (!ownRanges.isEmpty() && !unchecked) {
                Label handler = cb.newLabel();
                cb.labelBinding(handler);
                flushBudget(); // the throwable stays on the operand stack under it
                cb.athrow();
                for (Label[] r : ownRanges) cb.exceptionCatchAll(r[0], r[1], handler);
            }
            if (calleeFailed == null) return;
            cb.labelBinding(calleeFailed);
            cb.aload(CTX).aload(CALLEE).lload(LEVEL);
            support("calleeFailed", MethodTypeDesc.of(CD_THROWABLE, CD_THROWABLE, CD_CTX, CD_FN, CD_long));
            cb.athrow();
        }

        /** Writes the call's n argument slots from base up to the value stack, where the callee finds them. */
        private void spill(int base, int n) {
            if (n == 0 || inArray) return;
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
            refreshArray();
            if (n > 0 && !inArray) {
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
