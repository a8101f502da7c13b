package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Config;
import dev.pinion.engine.CustomSection;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.ImportInfo;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.WasmModule;
import dev.pinion.engine.internal.binary.Decoder;
import dev.pinion.engine.internal.lower.CompiledFunction;
import dev.pinion.engine.internal.lower.Lowerer;
import dev.pinion.engine.internal.model.Export;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;
import dev.pinion.engine.internal.validate.Validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A decoded, validated and lowered module. Immutable; instantiated by {@link Instantiator}. */
public final class CompiledModule implements WasmModule {
    final ModuleInfo info;
    private final Config config;
    /**
     * Defined function index to its lowered code: all at load in the compile-everything mode (it compiles them
     * all at instantiation), otherwise on each function's first entry ({@link #lowered}), racy (same content
     * either way; a CompiledFunction's fields are final, so a thread that sees one sees it whole). Lowering is most
     * of a big module's load and most of its functions never run: Yosys's 34,004 took 1.1 s to lower, and
     * `yosys -V` enters 1,264 of them.
     */
    private final CompiledFunction[] functions;
    private final Lowerer lowerer;
    /** Defined function index to its code with LOOP headers, made on first use (racy: same content either way). */
    private final int[][] markedCode;
    /** Tier 2's compiled code shared by this module's instances (tier2.CodeCache's; null until it compiles). */
    public volatile Object tier2Code;
    private final List<ImportInfo> imports;
    private final List<ExportInfo> exports;
    private final List<FuncType> functionTypes;
    private final List<ExternType.Memory> memories;
    private final List<ExternType.Table> tables;
    private final List<ExternType.Global> globals;
    final int importedFunctions;

    private CompiledModule(ModuleInfo info, Config config) {
        this.info = info;
        this.config = config;
        List<ImportInfo> im = new ArrayList<>();
        List<FuncType> ft = new ArrayList<>();
        List<ExternType.Memory> mems = new ArrayList<>();
        List<ExternType.Table> tabs = new ArrayList<>();
        List<ExternType.Global> globs = new ArrayList<>();
        for (Import i : info.imports()) {
            im.add(new ImportInfo(i.module(), i.name(), i.type()));
            // instanceof, not a pattern switch: each pattern switch spins a class at its first run, and the first
            // one in a cold JVM costs 10 ms or more, a fifth of a `pinion run` (RATIONALE.md, "Start-up").
            ExternType type = i.type();
            if (type instanceof ExternType.Func f) ft.add(f.type());
            else if (type instanceof ExternType.Memory m) mems.add(m);
            else if (type instanceof ExternType.Table t) tabs.add(t);
            else globs.add((ExternType.Global) type);
        }
        importedFunctions = ft.size();
        for (int t : info.funcTypeIndices()) ft.add(info.types().get(t));
        mems.addAll(info.memories());
        tabs.addAll(info.tables());
        for (var g : info.globals()) globs.add(g.type());
        this.imports = List.copyOf(im);
        this.functionTypes = List.copyOf(ft);
        this.memories = List.copyOf(mems);
        this.tables = List.copyOf(tabs);
        this.globals = List.copyOf(globs);
        List<ExportInfo> ex = new ArrayList<>();
        for (Export e : info.exports()) {
            ExternType type = switch (e.kind()) {
                case Export.FUNC -> new ExternType.Func(functionTypes.get(e.index()));
                case Export.TABLE -> tables.get(e.index());
                case Export.MEMORY -> memories.get(e.index());
                default -> globals.get(e.index());
            };
            ex.add(new ExportInfo(e.name(), type, e.index()));
        }
        this.exports = List.copyOf(ex);
        lowerer = new Lowerer(info);
        functions = new CompiledFunction[info.funcTypeIndices().length];
        // compile-everything code is lowered with its LOOP headers now; the other modes lower each function on
        // its first entry, and the tiered mode marks its loops then too (markedCode)
        if (config.tier() == Config.Tier.COMPILED) {
            for (int i = 0; i < functions.length; i++) {
                functions[i] = dev.pinion.engine.internal.tier2.LoopHeaders.mark(lowerer.lower(i));
            }
        }
        markedCode = new int[functions.length][];
    }

    /**
     * The code of defined function {@code defIndex} with LOOP headers (tier2.LoopHeaders), shared by instances. A
     * tiered function without loops keeps its code as lowered: there is nothing to mark (and no OSR return to
     * append), and most functions a big program runs once have no loop (Yosys's start-up: 1,137 of the 1,264 it
     * enters, 211,000 of 320,000 ints of code; marking them was 2/3 of the ~25 ms it spent marking).
     */
    int[] markedCode(int defIndex) {
        int[] c = markedCode[defIndex];
        if (c == null) {
            CompiledFunction f = lowered(defIndex);
            c = config.tier() == Config.Tier.COMPILED || !f.loops() ? f.code()
                    : dev.pinion.engine.internal.tier2.LoopHeaders.mark(f).code();
            markedCode[defIndex] = c;
        }
        return c;
    }

    /** Whether defined function {@code defIndex} has a loop (its marked code then differs from the lowered one). */
    boolean hasLoops(int defIndex) {
        return lowered(defIndex).loops();
    }

    /** Defined function {@code defIndex} lowered, now if no instance has entered it yet. */
    CompiledFunction lowered(int defIndex) {
        CompiledFunction f = functions[defIndex];
        if (f == null) {
            f = lowerer.lower(defIndex);
            functions[defIndex] = f;
        }
        return f;
    }

    public static WasmModule compile(byte[] bytes, Config config) {
        ModuleInfo info = Decoder.decode(bytes);
        Validator.validate(info);
        return new CompiledModule(info, config);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return info.moduleName();
    }

    @Override
    public List<ImportInfo> imports() {
        return imports;
    }

    @Override
    public List<ExportInfo> exports() {
        return exports;
    }

    @Override
    public List<CustomSection> customSections() {
        return info.customSections();
    }

    @Override
    public byte[] customSection(String name) {
        for (CustomSection c : info.customSections()) {
            if (c.name().equals(name)) return Arrays.copyOfRange(info.bytes(), c.offset(), c.offset() + c.size());
        }
        return null;
    }

    /** The type section's entry {@code typeIdx}. */
    public FuncType type(int typeIdx) {
        return info.types().get(typeIdx);
    }

    @Override
    public int definedFunctionCount() {
        return functions.length;
    }

    @Override
    public int byteSize() {
        return info.bytes().length;
    }

    @Override
    public List<FuncType> functionTypes() {
        return functionTypes;
    }

    @Override
    public List<ExternType.Memory> memories() {
        return memories;
    }

    @Override
    public List<ExternType.Table> tables() {
        return tables;
    }

    @Override
    public List<ExternType.Global> globals() {
        return globals;
    }

    @Override
    public String functionName(int index) {
        return info.functionNames().get(index);
    }

    @Override
    public Instance instantiate(Imports imports) {
        return Instantiator.instantiate(this, imports);
    }

    // ---- for the interpreter ----

    public byte[] bytes() {
        return info.bytes();
    }

    public int dataOffset(int segment) {
        return info.datas().get(segment).dataOffset();
    }

    public int dataLength(int segment) {
        return info.datas().get(segment).dataLength();
    }
}
